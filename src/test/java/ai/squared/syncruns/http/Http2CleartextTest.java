package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HTTP/2 without TLS, served only when HTTP2_CLEARTEXT is on (prior knowledge here). */
class Http2CleartextTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("HTTP2_CLEARTEXT", true);
  }

  @Test
  void aPageIsServedOverHttp2(Vertx vertx) throws Exception {
    JsonObject answer = h2(vertx, server.port(), HttpMethod.GET, runsOf(SYNC));
    assertThat(answer.getString("version")).isEqualTo("HTTP_2");
    assertThat(answer.getInteger("status")).isEqualTo(200);
  }

  @Test
  void aHeadAnswerOverHttp2HasNoBody(Vertx vertx) throws Exception {
    for (String path : new String[] {runsOf(SYNC), "/nope"}) {
      assertThat(h2(vertx, server.port(), HttpMethod.HEAD, path)).as("%s: a clean, empty end", path).isIn(
          new JsonObject().put("version", "HTTP_2").put("status", 405).put("bytes", 0),
          new JsonObject().put("version", "HTTP_2").put("status", 404).put("bytes", 0));
    }
  }

  @Test
  void offByDefault(Vertx vertx) {
    try (TestServer plain = TestServer.start(vertx, server.databaseUrl(), Map.of())) {
      assertThatThrownBy(() -> h2(vertx, plain.port(), HttpMethod.GET, "/health/live"))
          .as("an HTTP/1 server answers the HTTP/2 preface in HTTP/1 (hex 485454502f: \"HTTP/\")")
          .hasMessageContaining("First received frame was not SETTINGS");
    }
  }

  private static JsonObject h2(Vertx vertx, int port, HttpMethod method, String path) throws Exception {
    HttpClient h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    try {
      return h2.request(method, port, "localhost", path)
          .compose(request -> request.putHeader("Authorization", "Bearer " + Tokens.forUser(USER))
              .putHeader("Workspace-Id", Long.toString(WORKSPACE)).send().compose(Http2CleartextTest::summary))
          .await(10, TimeUnit.SECONDS);
    } finally {
      h2.close().await();
    }
  }

  private static Future<JsonObject> summary(HttpClientResponse response) {
    return response.body().map(body -> new JsonObject().put("version", response.version().name())
        .put("status", response.statusCode()).put("bytes", body.length()));
  }
}
