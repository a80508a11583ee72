package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Unknown paths, other methods, the health probes and the served contract. */
class RoutingErrorsTest extends ApiTestBase {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/api/v1/syncs", "/api/v1/syncs/42", "/api/v1/syncs/42/sync_runs/7/other",
      "/api/v1/syncs/42/sync_runs/7/sync_records/1", "/api/v1/syncs/42/sync_runs/7/",
      "/api/v2/syncs/42/sync_runs", "/api/v1/syncs//sync_runs", "/api/v1/syncs/42/sync_runs/",
      "/api/v1/syncs/42//sync_runs", "/api/v1//syncs/42/sync_runs", "/api/v1/syncs/42/./sync_runs",
      "/api/v1/syncs/7/../42/sync_runs", "/api/v1/syncs/7/%2e%2E/42/sync_runs", "/health/live/"})
  void unknownPathIsA404InTheContractShape(String path) {
    HttpResponse<Buffer> response = get(path);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "Not found").put("status", "not_found"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void otherMethodsAreA405ListingGet(String method) {
    HttpResponse<Buffer> response =
        server.request(HttpMethod.valueOf(method), runsOf(SYNC), Tokens.forUser(USER), WORKSPACE);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("message", "Method not allowed").put("status", "method_not_allowed"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health/live", "/health/ready", "/openapi.yaml", "/metrics"})
  void otherMethodsOnTheGetOnlyPathsAre405s(String path) {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.HEAD, HttpMethod.POST}) {
      HttpResponse<Buffer> response = server.request(method, path, null, null);
      assertThat(response.statusCode()).as("%s %s", method, path).isEqualTo(405);
      assertThat(response.getHeader("Allow")).isEqualTo("GET");
    }
  }

  @Test
  void ambiguousFramingOrTwoHostsAreA400AndTheConnectionCloses() throws Exception {
    String smuggled = "GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"
        + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n";
    String answer = raw(smuggled);
    assertThat(answer).startsWith("HTTP/1.1 400").contains("Transfer-Encoding");
    assertThat(answer.split("HTTP/1.1 ", -1)).as("one answer, the body's request not read").hasSize(2);
    assertThat(raw("GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("HTTP/1.1 400")
        .contains("\"parameter\":\"Host\"");
    assertThat(raw("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
  }

  @Test
  void transferEncodingsThatFrameNothingReliablyAreRefusedOrCloseTheConnection() throws Exception {
    assertThat(raw("GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"))
        .as("chunked twice").startsWith("HTTP/1.1 400").contains("\"parameter\":\"Transfer-Encoding\"");
    assertThat(raw("GET /health/live HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
        .as("in HTTP/1.0").contains(" 400 ").contains("is not HTTP/1.0");
    // the decoder drops Content-Length beside Transfer-Encoding; a proxy framing by it would see the
    // second request inside the first one's body, so the connection must not carry another request
    String both = raw("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(both).startsWith("HTTP/1.1 200");
    assertThat(both.split("HTTP/1.1 ", -1)).as("answered once, then closed").hasSize(2);
  }

  @Test
  void aCloseAmongTheConnectionOptionsClosesTheConnection() throws Exception {
    assertThat(raw("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n"))
        .as("answered, then closed (raw reads until the close)").startsWith("HTTP/1.1 200")
        .containsIgnoringCase("connection: close");
    assertThat(raw("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nConnection: te, close\r\n\r\n"))
        .as("in a second Connection header").startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
  }

  /** Writes {@code request} on a new connection and reads until the server closes it. */
  private String raw(String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void headIsNotServedEither() {
    HttpResponse<Buffer> response = server.request(HttpMethod.HEAD, runsOf(SYNC), Tokens.forUser(USER), WORKSPACE);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET");
  }

  @Test
  void healthProbesNeedNoToken() {
    HttpResponse<Buffer> live = server.get("/health/live", null, null);
    HttpResponse<Buffer> ready = server.get("/health/ready", null, null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("up");
    assertThat(List.of(live.getHeader("Cache-Control"), ready.getHeader("Cache-Control")))
        .as("a probe's answer is of its moment").containsOnly("no-store");
  }

  @Test
  @SuppressWarnings("unchecked")
  void servedContractIsTheExtendedSeed() {
    HttpResponse<Buffer> response = server.get("/openapi.yaml", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(response.getHeader("Vary")).as("gzipped when asked, so a cache keys on it").isEqualTo("Accept-Encoding");
    JsonObject contract = new JsonObject((java.util.Map<String, Object>) new Yaml().load(response.bodyAsString()));
    JsonObject operation = contract.getJsonObject("paths").getJsonObject("/api/v1/syncs/{sync_id}/sync_runs")
        .getJsonObject("get");
    assertThat(operation.getString("operationId")).isEqualTo("getSyncRuns");
    assertThat(operation.getJsonArray("parameters").stream().map(p -> ((JsonObject) p).getString("name")))
        .containsExactly("sync_id", "status", "page", "per_page", "Workspace-Id");
    assertThat(operation.getJsonObject("responses").fieldNames())
        .contains("200", "400", "401", "403", "404", "405", "503");
    assertThat(operation.getJsonObject("responses").getJsonObject("200").getJsonObject("content")
        .getJsonObject("application/json").getJsonObject("schema").getJsonObject("properties")
        .getJsonObject("data").getJsonObject("items").getString("$ref")).isEqualTo("#/components/schemas/SyncRun");
    JsonObject attributes = contract.getJsonObject("components").getJsonObject("schemas").getJsonObject("SyncRun")
        .getJsonObject("properties").getJsonObject("attributes").getJsonObject("properties");
    assertThat(attributes.getJsonObject("sync_id").getString("format")).isEqualTo("int64");
    assertThat(attributes.getJsonObject("duration").getString("format")).isEqualTo("double");
    assertThat(attributes.getJsonObject("duration").getBoolean("nullable")).isTrue();
    assertThat(attributes.getJsonObject("started_at").getBoolean("nullable")).isTrue();
    assertThat(attributes.getJsonObject("total_rows").getBoolean("nullable")).isTrue();
    assertThat(attributes.getJsonObject("status").getBoolean("nullable")).isTrue();
    assertThat(attributes.getJsonObject("status").getJsonArray("enum").contains(null))
        .as("OpenAPI 3.0: nullable adds no null to an enum").isTrue();
  }
}
