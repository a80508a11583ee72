package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Request line and header limits answer 414 / 431 in the contract's shape; idle connections are closed. */
class RequestLimitsTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("HTTP_MAX_REQUEST_LINE", "1024", "HTTP_MAX_HEADER_SIZE", "2048", "HTTP_IDLE_TIMEOUT_SECONDS", "1");
  }

  @Test
  void tooLongUriIsA414() {
    HttpResponse<Buffer> response = get(runsOf(SYNC) + "?x=" + "a".repeat(1100));
    assertThat(response.statusCode()).isEqualTo(414);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("message", "Request URI too long").put("status", "uri_too_long"));
  }

  @Test
  void tooLargeHeadersAreA431() {
    HttpResponse<Buffer> response = server.client().get(runsOf(SYNC))
        .putHeader("Authorization", "Bearer " + Tokens.forUser(USER)).putHeader("Workspace-Id", "1")
        .putHeader("X-Padding", "p".repeat(3000)).send().await();
    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("request_header_fields_too_large");
  }

  @Test
  void requestsWithinTheLimitsAreServed() {
    assertThat(get(runsOf(SYNC) + "?x=" + "a".repeat(500)).statusCode()).isEqualTo(200);
  }

  @Test
  void idleKeepAliveConnectionsAreClosed(Vertx vertx) throws Exception {
    NetSocket socket = vertx.createNetClient().connect(server.port(), "localhost").await();
    var closed = new java.util.concurrent.CompletableFuture<Long>();
    long opened = System.nanoTime();
    socket.closeHandler(v -> closed.complete(System.nanoTime() - opened));
    long idleNanos = closed.get(10, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(idleNanos)).isBetween(500L, 5_000L);
  }
}
