package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TcpProxy;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import ai.squared.syncruns.support.Topology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database goes away and comes back: fast 503s with Retry-After, then 200s with no restart. */
@ExtendWith(VertxExtension.class)
@Tag(Topology.TAG)
class DatabaseOutageTest {

  @Test
  void outageIsAFast503AndServiceResumesByItself(Vertx vertx) throws Exception {
    String direct = TestDatabase.server().createDatabase();
    TcpProxy proxy = TcpProxy.startInFrontOf(vertx, direct);
    String proxied = proxy.url();
    try (TestServer server = TestServer.start(vertx, proxied, Map.of("RETRY_AFTER_SECONDS", "3"))) {
      try (Fixtures fixtures = new Fixtures(direct)) {
        fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
      }
      String uri = "/api/v1/syncs/42/sync_runs";
      assertThat(server.get(uri, Tokens.forUser(1), 1).statusCode()).isEqualTo(200);

      proxy.stop().await();
      for (int attempt = 0; attempt < 3; attempt++) {
        long started = System.nanoTime();
        HttpResponse<Buffer> response = server.get(uri, Tokens.forUser(1), 1);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
            .put("message", "Service temporarily unavailable, retry later").put("status", "service_unavailable"));
        assertThat(elapsedMs).isLessThan(2_500);
      }
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(503);
      assertThat(server.get("/health/live", null, null).statusCode()).isEqualTo(200);

      proxy.start().await();
      assertThat(backWithin(server, uri)).isEqualTo(200);
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void requestsInFlightWhenTheDatabaseGoesAwayAreAll503sAndNoConnectionLeaks(Vertx vertx) throws Exception {
    String direct = TestDatabase.server().createDatabase();
    TcpProxy proxy = TcpProxy.startInFrontOf(vertx, direct);
    String proxied = proxy.url();
    try (TestServer server = TestServer.start(vertx, proxied, Map.of());
         Connection locker = TestDatabase.connect(direct)) {
      try (Fixtures fixtures = new Fixtures(direct)) {
        fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
      }
      // hold the table so that every request below is in flight, waiting inside PostgreSQL
      locker.setAutoCommit(false);
      locker.createStatement().execute("LOCK TABLE sync_runs IN ACCESS EXCLUSIVE MODE");
      List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String perPage = i % 2 == 0 ? "10" : "500";
        inFlight.add(server.client().get("/api/v1/syncs/42/sync_runs?per_page=" + perPage)
            .putHeader("Authorization", "Bearer " + Tokens.forUser(1)).putHeader("Workspace-Id", "1").send());
      }
      Thread.sleep(300);
      long cut = System.nanoTime();
      proxy.stop().await();
      for (Future<HttpResponse<Buffer>> request : inFlight) {
        HttpResponse<Buffer> response = request.await(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isNotBlank();
      }
      assertThat((System.nanoTime() - cut) / 1_000_000).as("all answered within").isLessThan(2_000);
      locker.rollback();

      proxy.start().await();
      assertThat(backWithin(server, "/api/v1/syncs/42/sync_runs")).isEqualTo(200);
      for (int i = 0; i < 30; i++) {
        assertThat(server.get("/api/v1/syncs/42/sync_runs?per_page=" + (i % 2 == 0 ? 10 : 500),
            Tokens.forUser(1), 1).statusCode()).isEqualTo(200);
      }
      int[] sessions = sessions(locker);
      if (!Topology.current().pooled()) { // a pooler's idle sessions may carry any client's name
        assertThat(sessions[0]).as("no more sessions than the two pools allow (4 + 4)").isLessThanOrEqualTo(8);
      }
      assertThat(sessions[1]).as("no transaction left open: %s", describe(locker)).isZero();
    }
  }

  /**
   * The first status once the database is back: at once when the server meets it directly; a pooler
   * may go on refusing for its server_login_retry (0.2 s here) after a failed login, so it gets 5 s.
   */
  private static int backWithin(TestServer server, String uri) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int status = server.get(uri, Tokens.forUser(1), 1).statusCode();
    while (status != 200 && Topology.current().pooled() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = server.get(uri, Tokens.forUser(1), 1).statusCode();
    }
    return status;
  }

  /** The server's sessions: all of them, and transactions open for more than a second (leaked). */
  private static int[] sessions(Connection observer) throws Exception {
    try (ResultSet rows = observer.createStatement().executeQuery("""
        SELECT count(*), count(*) FILTER (WHERE xact_start < now() - interval '1 second')
          FROM pg_stat_activity
         WHERE application_name = 'sync-runs-server' AND datname = current_database()""")) {
      rows.next();
      return new int[] {rows.getInt(1), rows.getInt(2)};
    }
  }

  /** What the server's sessions are doing, for the failure message. */
  private static String describe(Connection observer) throws Exception {
    StringBuilder text = new StringBuilder();
    try (ResultSet rows = observer.createStatement().executeQuery("""
        SELECT state, wait_event, left(query, 60), now() - state_change, now() - xact_start, pid
          FROM pg_stat_activity
         WHERE application_name = 'sync-runs-server' AND datname = current_database()""")) {
      while (rows.next()) {
        text.append(rows.getString(1)).append(" / ").append(rows.getString(2)).append(" / ")
            .append(rows.getString(3)).append(" / ").append(rows.getString(4)).append(" / xact ")
            .append(rows.getString(5)).append(" / pid ").append(rows.getString(6)).append("; ");
      }
    }
    return text.toString();
  }
}
