package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that give up waiting for a held connection (503) must not cost the pool that connection.
 * vertx-sql-client 5.0.7 loses one whenever a waiter times out just as the connection is handed to it
 * (issue #1567), so the wait is bounded by {@link HeldConnections}, which hands late connections back.
 */
class PoolTimeoutTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("DB_POOL_SIZE", 1, "DB_CONNECT_TIMEOUT_MS", 20);
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sql("""
        INSERT INTO sync_runs (sync_id, workspace_id, status, created_at, updated_at)
        SELECT 42, 1, 5, now(), now() FROM generate_series(1, 300)
        """);
  }

  @Test
  void aWaiterThatGivesUpDoesNotKeepTheConnectionItIsLaterHanded(Vertx vertx) {
    Database database = Database.connect(vertx,
        TestServer.config(server.databaseUrl(), Map.of("DB_POOL_SIZE", 1, "DB_CONNECT_TIMEOUT_MS", 50)),
        DatabaseUrl.parse(server.databaseUrl()), 0);
    try {
      HeldConnections held = database.primary().held();
      Promise<Void> release = Promise.promise();
      Future<Void> holder = held.withConnection(Deadline.none(), connection ->
          connection.query("SELECT 1").execute().compose(rows -> release.future()));
      Future<Object> waiter = held.withConnection(Deadline.none(), connection -> Future.succeededFuture("served"));

      assertThat(waiter.otherwiseEmpty().await()).as("the one connection is busy for longer than the wait").isNull();
      assertThat(waiter.cause()).isInstanceOf(HeldConnections.NoConnectionInTime.class);

      release.complete(); // the pool now hands the connection to the waiter that has given up
      holder.await();
      long started = System.nanoTime();
      assertThat(held.withConnection(Deadline.none(), connection -> connection.query("SELECT 1").execute()).await().size())
          .isEqualTo(1);
      assertThat((System.nanoTime() - started) / 1_000_000).as("the connection came straight back, ms").isLessThan(50);
    } finally {
      database.close().await();
    }
  }

  @Test
  void burstsOfWaitersThatTimeOutLeaveThePoolWhole(Vertx vertx) {
    // 5 at once (a WebClient's default) and 60 at once: waiters time out at many points of the
    // one connection's hand-overs
    WebClient wide = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("localhost").setDefaultPort(server.port()),
        new PoolOptions().setHttp1MaxSize(64));
    try {
      for (WebClient client : List.of(server.client(), wide, server.client(), wide, server.client())) {
        List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
        for (int request = 0; request < 60; request++) {
          answers.add(client.get(runsOf(SYNC) + "?per_page=200")
              .putHeader("Authorization", "Bearer " + Tokens.forUser(USER)).putHeader("Workspace-Id", "1").send());
        }
        Future.join(answers).otherwiseEmpty().await();
        assertThat(answers).allSatisfy(answer ->
            assertThat(answer.result().statusCode()).as("served, or shed while the pool is busy").isIn(200, 503));
      }
    } finally {
      wide.close();
    }
    for (int request = 0; request < 5; request++) {
      assertThat(get(runsOf(SYNC) + "?per_page=200").statusCode())
          .as("the pool's one connection is still there").isEqualTo(200);
    }
  }
}
