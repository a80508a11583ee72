package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A burst of requests on a sync whose count nobody holds yet (just after the start) costs one count:
 * the first request counts, the others wait for its count. Observed in PostgreSQL's own statistics:
 * every page is one index scan of sync_runs, every count one more (sequential scans are left out:
 * building the indexes at the migration counts some, published whenever its session's are).
 */
class CountCoalescingHttpTest extends ApiTestBase {
  private static final long COLD = 301;
  private static final int BURST = 30;

  @Override
  protected Map<String, Object> settings() {
    // one pipelined session serves every page, so one later statement publishes all its statistics
    return Map.of("COUNT_CACHE_TTL_MS", "3600000", "COUNT_CACHE_MIN_ROWS", "0", "DB_PIPELINED_CONNECTIONS", "1");
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(COLD, WORKSPACE);
    for (long id = 1; id <= 50; id++) {
      fixtures.run(Run.of(id, COLD));
    }
    // runs of other syncs, so that every plan reads this sync's through an index (a plan made for
    // the values, as behind a transaction pooler, reads a table of 50 runs whole)
    fixtures.sql("INSERT INTO sync_runs (id, sync_id, workspace_id, status, created_at, updated_at) "
        + "SELECT 1000 + n, 1000 + n % 500, 1, 5, now(), now() FROM generate_series(1, 5000) AS n").sql("VACUUM ANALYZE sync_runs");
  }

  @Test
  void aBurstOnAColdSyncCountsItOnce(Vertx vertx) throws Exception {
    WebClient wide = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("localhost").setDefaultPort(server.port()),
        new PoolOptions().setHttp1MaxSize(BURST));
    try (Connection stats = TestDatabase.connect(server.databaseUrl())) {
      long before = settledScans(stats);
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int request = 0; request < BURST; request++) {
        answers.add(wide.get(runsOf(COLD) + "?per_page=10")
            .putHeader("Authorization", "Bearer " + Tokens.forUser(USER)).putHeader("Workspace-Id", "1").send());
      }
      Future.join(answers).await();
      assertThat(answers).allSatisfy(answer -> {
        assertThat(answer.result().statusCode()).isEqualTo(200);
        assertThat(answer.result().bodyAsJsonObject().getJsonObject("links").getString("last")).contains("page=5&");
      });
      // a session publishes its statistics when a transaction ends a second or more after it last
      // did (else only after 10 s idle): one more page, a second later, publishes the burst's (when
      // one session ran them all)
      Thread.sleep(1_100);
      assertThat(get(runsOf(COLD) + "?per_page=10").statusCode()).isEqualTo(200);
      long expected = before + BURST + 1 + 1;
      assertThat(scansOnceAt(stats, expected))
          .as("index scans of sync_runs: one per page (the burst's and the one after), plus one count")
          .isEqualTo(expected);
    } finally {
      wide.close();
    }
  }

  /** Index scans of sync_runs as PostgreSQL's statistics show them, once the figure has held still for 1.5 s. */
  private static long settledScans(Connection stats) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + 8_000_000_000L;
    long last = scans(stats);
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - stableSince < 1_500_000_000L) {
      Thread.sleep(100);
      long now = scans(stats);
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  /**
   * Index scans once they reach {@code expected} and hold there for a second (more would show by
   * then), or what they are after 12 s. Behind a transaction pooler the burst ran on several server
   * sessions, and an idle session publishes its statistics only after 10 s.
   */
  private static long scansOnceAt(Connection stats, long expected) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + 12_000_000_000L;
    long scans = scans(stats);
    while (scans < expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      scans = scans(stats);
    }
    Thread.sleep(1_000);
    return scans(stats);
  }

  private static long scans(Connection stats) throws SQLException {
    try (Statement statement = stats.createStatement();
         ResultSet row = statement.executeQuery(
             "SELECT coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'sync_runs'")) {
      row.next();
      return row.getLong(1);
    }
  }
}
