package ai.squared.syncruns.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.MeteredVertx;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** MANAGEMENT_PORT and METRICS_PATH: the scrape moves to its own port and path, off the API's port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementPortTest {
  private Vertx vertx;
  private TestServer server;

  @BeforeAll
  void start() {
    vertx = MeteredVertx.create();
    server = TestServer.start(vertx, Map.of("MANAGEMENT_PORT", 0, "METRICS_PATH", "/internal/metrics"));
  }

  @AfterAll
  void stop() {
    server.close();
    vertx.close().await();
  }

  private HttpResponse<Buffer> management(String path) {
    return server.client().get(server.managementPort(), "localhost", path).send().await();
  }

  @Test
  void theScrapeIsOnTheManagementPortAtItsConfiguredPath() {
    assertThat(server.managementPort()).isNotEqualTo(server.port());
    HttpResponse<Buffer> scrape = management("/internal/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.bodyAsString()).contains("vertx_http_server_requests_total{").contains("jvm_memory_used_bytes{");
  }

  @Test
  void theApiPortNoLongerServesIt() {
    assertThat(server.get("/internal/metrics", null, null).statusCode()).isEqualTo(404);
    assertThat(server.get("/metrics", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void theManagementPortServesTheProbesAndNothingElse() {
    assertThat(management("/health/live").statusCode()).isEqualTo(200);
    assertThat(management("/health/ready").bodyAsJsonObject().getString("status")).isEqualTo("up");
    HttpResponse<Buffer> other = management("/api/v1/syncs/1/sync_runs");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsJsonObject().getString("status")).isEqualTo("not_found");
    assertThat(server.get("/health/ready", null, null).statusCode()).as("still on the API port").isEqualTo(200);
  }

  @Test
  void itSharesTheApiPortsConnectionRules() throws Exception {
    assertThat(rawExchange("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, close\r\n\r\n"))
        .as("answered, then closed").startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
  }

  @Test
  void requestsItCannotReadAreAnsweredInTheContractsShape() throws Exception {
    assertThat(rawExchange("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.0 414").contains("\"status\":\"uri_too_long\"");
    assertThat(rawExchange("GET /health/%FF%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 400").contains("\"status\":\"bad_request\"");
  }

  @Test
  void aHostWithAPercentEscapeIsA400InTheContractsShapeAtOnce() throws Exception {
    assertThat(rawExchange("GET /health/live HTTP/1.1\r\nHost: ex%41mple.test\r\n\r\n"))
        .as("answered, then closed").startsWith("HTTP/1.1 400").contains("\"parameter\":\"Host\"");
  }

  /** {@code request} written on a new connection to the management port; all read until the server closes it. */
  private String rawExchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.managementPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
