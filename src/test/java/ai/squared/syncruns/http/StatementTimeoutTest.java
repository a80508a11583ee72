package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A statement that cannot finish (here: blocked by a lock) is cut by DB_STATEMENT_TIMEOUT_MS and answered 503. */
class StatementTimeoutTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("DB_STATEMENT_TIMEOUT_MS", "300");
  }

  @Test
  void aRunawayStatementIsA503AndTheServerRecovers() throws Exception {
    try (Connection locker = TestDatabase.connect(server.databaseUrl())) {
      locker.setAutoCommit(false);
      try (Statement statement = locker.createStatement()) {
        statement.execute("LOCK TABLE sync_runs IN ACCESS EXCLUSIVE MODE");
      }
      long started = System.nanoTime();
      HttpResponse<Buffer> response = get(runsOf(SYNC));
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isNotBlank();
      assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("service_unavailable");
      assertThat(elapsedMs).isLessThan(2_000);
      assertThat(get(runsOf(SYNC) + "?per_page=500").statusCode()).as("the streamed path too").isEqualTo(503);
      locker.rollback();
    }
    assertThat(get(runsOf(SYNC)).statusCode()).isEqualTo(200);
    assertThat(get(runsOf(SYNC) + "?per_page=500").statusCode()).isEqualTo(200);
    try (Connection observer = TestDatabase.connect(server.databaseUrl());
         var sessions = observer.createStatement().executeQuery("""
             SELECT count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity
              WHERE application_name = 'sync-runs-server' AND datname = current_database()""")) {
      sessions.next();
      assertThat(sessions.getInt(1)).as("no session left busy or in a transaction").isZero();
    }
  }
}
