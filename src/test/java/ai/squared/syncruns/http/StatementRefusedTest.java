package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * A statement PostgreSQL cannot even plan against the schema it finds (here: a platform database
 * whose workspace_users.user_id is text, so the server's SQL compares text with bigint: 42883) is a
 * bug of the server's SQL for that database: a 500 with its stack trace in the log, not a 503.
 */
class StatementRefusedTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sql("ALTER TABLE workspace_users ALTER COLUMN user_id TYPE text");
  }

  @Test
  void isA500WithItsStackTraceInTheLog() {
    try (LogCapture log = LogCapture.start()) {
      assertThat(get(runsOf(SYNC)).statusCode()).isEqualTo(500);
      UnexpectedErrorTest.assertLoggedWithItsStackTrace(log.linesOf("ErrorHandler"), "42883");
    }
  }
}
