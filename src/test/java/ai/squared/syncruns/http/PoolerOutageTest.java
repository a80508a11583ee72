package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.PgBouncer;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pooler itself goes away (killed) and comes back: fast 503s meanwhile, then 200s, same process. */
@ExtendWith(VertxExtension.class)
class PoolerOutageTest {
  private static final String RUNS = "/api/v1/syncs/42/sync_runs";

  @ParameterizedTest
  @ValueSource(strings = {"session", "transaction"})
  void aStoppedPoolerIsA503AndServiceResumes(String mode, Vertx vertx) throws Exception {
    String database = TestDatabase.server().createDatabase();
    try (PgBouncer pooler = PgBouncer.start(database, mode);
         TestServer server = TestServer.start(vertx, pooler.url(), Map.of("DB_POOLER", mode))) {
      try (Fixtures fixtures = new Fixtures(database)) {
        fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
      }
      assertThat(get(server, RUNS).statusCode()).isEqualTo(200);
      assertThat(get(server, RUNS + "?per_page=500").statusCode()).isEqualTo(200);

      pooler.stop();
      for (String uri : new String[] {RUNS, RUNS + "?per_page=500"}) {
        long started = System.nanoTime();
        HttpResponse<Buffer> response = get(server, uri);
        assertThat(response.statusCode()).as(uri).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isNotBlank();
        assertThat((System.nanoTime() - started) / 1_000_000).as("%s answered after", uri).isLessThan(1_500);
      }
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(503);

      pooler.restart();
      long restarted = System.nanoTime();
      int status = 0;
      while (status != 200 && System.nanoTime() - restarted < 5_000_000_000L) {
        status = get(server, RUNS).statusCode();
      }
      assertThat(status).as("served again within 5 s").isEqualTo(200);
      assertThat(get(server, RUNS + "?per_page=500").statusCode()).isEqualTo(200);
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<Buffer> get(TestServer server, String uri) {
    return server.get(uri, Tokens.forUser(1), 1);
  }
}
