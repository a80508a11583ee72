package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.LogCapture;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database that answers with an error about the statement itself (here: a missing column, as on a
 * platform database the server does not fit) is a 500 that tells the client nothing and the log
 * everything: the error with its stack trace. It is not the database being unavailable.
 */
class UnexpectedErrorTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sql("ALTER TABLE sync_runs RENAME COLUMN error TO error_text");
  }

  @Test
  void isABare500WithoutStackTraceOrSqlAndTheLogHasIt() {
    try (LogCapture log = LogCapture.start()) {
      HttpResponse<Buffer> response = get(runsOf(SYNC));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
          .put("message", "Internal server error").put("status", "internal_error"));
      assertThat(response.bodyAsString()).doesNotContain("error_text", "SELECT", "Exception", "at ");
      assertLoggedWithItsStackTrace(log.linesOf("ErrorHandler"), "42703");
    }
  }

  @Test
  void theStreamedPathToo() {
    try (LogCapture log = LogCapture.start()) {
      assertThat(get(runsOf(SYNC) + "?per_page=500").statusCode()).isEqualTo(500);
      assertLoggedWithItsStackTrace(log.linesOf("ErrorHandler"), "42703");
    }
  }

  /**
   * One ERROR line for the request, carrying the database's error as its throwable (the client makes
   * its errors without frames: the throwable's class and message are its whole stack trace).
   */
  static void assertLoggedWithItsStackTrace(List<ILoggingEvent> lines, String sqlState) {
    assertThat(lines).as("%s", lines).singleElement().satisfies(line -> {
      assertThat(line.getLevel().toString()).isEqualTo("ERROR");
      assertThat(line.getFormattedMessage()).startsWith("unexpected failure on GET /api/v1/syncs/");
      assertThat(line.getThrowableProxy()).isNotNull();
      assertThat(line.getThrowableProxy().getClassName()).isEqualTo("io.vertx.pgclient.PgException");
      assertThat(line.getThrowableProxy().getMessage()).contains("(" + sqlState + ")");
    });
  }
}
