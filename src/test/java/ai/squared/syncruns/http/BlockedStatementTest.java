package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.ServerSessions;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import ai.squared.syncruns.support.Topology;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A statement that cannot finish (here: blocked by a migration's lock) is answered 503 with
 * Retry-After within 2 s with the shipped settings, and cancelled on the database: no session of the
 * server is left running it, though the lock is still held. The server keeps that time and sends the
 * cancel itself: in transaction pooling mode, where no statement_timeout can be set on the session,
 * it holds all the same; and through a pooler, whose cancel the server sends through the pooler.
 */
@ExtendWith(VertxExtension.class)
@Tag(Topology.TAG)
class BlockedStatementTest {
  private static final String SMALL = "/api/v1/syncs/42/sync_runs";
  private static final String STREAMED = "/api/v1/syncs/42/sync_runs?per_page=500";

  @Test
  void withTheShippedSettings(Vertx vertx) throws Exception {
    blockedThenServed(vertx, Map.of());
  }

  @Test
  void withoutAnySessionSetting(Vertx vertx) throws Exception {
    blockedThenServed(vertx, Map.of("DB_POOLER", "transaction"));
  }

  private static void blockedThenServed(Vertx vertx, Map<String, Object> settings) throws Exception {
    try (TestServer server = TestServer.start(vertx, settings);
         Connection migration = TestDatabase.connect(server.databaseUrl())) {
      try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
        fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1).run(Run.of(1, 42));
      }
      ServerSessions sessions = new ServerSessions(server.databaseUrl());
      assertThat(get(server, SMALL).statusCode()).isEqualTo(200);
      assertThat(get(server, STREAMED).statusCode()).isEqualTo(200);

      migration.setAutoCommit(false);
      try (Statement statement = migration.createStatement()) {
        statement.execute("LOCK TABLE sync_runs IN ACCESS EXCLUSIVE MODE");
      }
      for (String uri : new String[] {SMALL, STREAMED}) {
        long started = System.nanoTime();
        HttpResponse<Buffer> response = get(server, uri);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(uri).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("service_unavailable");
        assertThat(elapsedMs).as("%s answered after", uri).isBetween(1_400L, 2_000L);
        assertThat(sessions.waitFor("active", 0, Duration.ofMillis(500)))
            .as("%s: its statement was cancelled on the database, while the lock is still held", uri).isTrue();
      }
      migration.rollback();

      assertThat(get(server, SMALL).statusCode()).isEqualTo(200);
      assertThat(get(server, STREAMED).statusCode()).isEqualTo(200);
      assertThat(sessions.waitFor("idle in transaction", 0, Duration.ofSeconds(1))).isTrue();
    }
  }

  private static HttpResponse<Buffer> get(TestServer server, String uri) {
    return server.get(uri, Tokens.forUser(1), 1);
  }
}
