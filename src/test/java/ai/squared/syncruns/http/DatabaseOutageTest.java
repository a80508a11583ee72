package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.db.DatabaseUrl;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TcpProxy;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database goes away and comes back: fast 503s with Retry-After, then 200s with no restart. */
@ExtendWith(VertxExtension.class)
class DatabaseOutageTest {

  @Test
  void outageIsAFast503AndServiceResumesByItself(Vertx vertx) throws Exception {
    String direct = TestDatabase.server().createDatabase();
    DatabaseUrl url = DatabaseUrl.parse(direct);
    TcpProxy proxy = new TcpProxy(vertx, url.host(), url.port());
    proxy.start().await();
    String proxied = "postgresql://" + url.user() + ":" + url.password() + "@127.0.0.1:" + proxy.port() + "/"
        + url.database();
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
      assertThat(server.get(uri, Tokens.forUser(1), 1).statusCode()).isEqualTo(200);
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(200);
    }
  }
}
