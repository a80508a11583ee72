package ai.squared.syncruns.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production wiring of TRACING_ENABLED: the SDK as {@link Tracing#sdk} configures it exports the
 * request's spans over OTLP/HTTP (protobuf, the JDK sender) to OTEL_EXPORTER_OTLP_ENDPOINT, here a
 * stand-in collector that keeps what it is sent.
 */
class OtlpExportTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final byte[] REQUEST_SPAN = "GET /api/v1/syncs/{sync_id}/sync_runs".getBytes(StandardCharsets.UTF_8);

  private record Export(String path, String contentType, Buffer body) {
  }

  @Test
  void spansReachTheConfiguredCollectorOverOtlpHttp() throws Exception {
    Vertx collectorVertx = Vertx.vertx();
    List<Export> exports = new CopyOnWriteArrayList<>();
    HttpServer collector = collectorVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      exports.add(new Export(request.path(), request.getHeader("Content-Type"), body));
      request.response().putHeader("Content-Type", "application/x-protobuf").end();
    })).listen(0).await();

    Map<String, Object> overrides = Map.of("TRACING_ENABLED", true,
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:" + collector.actualPort());
    String databaseUrl = TestDatabase.server().createDatabase();
    OpenTelemetrySdk openTelemetry = Tracing.sdk(TestServer.config(databaseUrl, overrides));
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    Tracing.enable(options, builder, openTelemetry);
    Vertx vertx = builder.with(options).build();
    try (TestServer server = TestServer.start(vertx, databaseUrl, overrides)) {
      try (Fixtures fixtures = new Fixtures(databaseUrl)) {
        fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
      }
      int status = server.client().get("/api/v1/syncs/42/sync_runs")
          .putHeader("Authorization", "Bearer " + Tokens.forUser(1)).putHeader("Workspace-Id", "1")
          .putHeader("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
          .send().await().statusCode();
      assertThat(status).isEqualTo(200);
      // the server span ends as the response is written, just after the client has it: flush until it is sent
      for (int attempt = 0; attempt < 50 && !contains(sent(exports), REQUEST_SPAN); attempt++) {
        assertThat(openTelemetry.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        Thread.sleep(50);
      }
    } finally {
      openTelemetry.close();
      vertx.close().await();
      collectorVertx.close().await();
    }

    assertThat(exports).isNotEmpty().allSatisfy(export -> {
      assertThat(export.path()).isEqualTo("/v1/traces");
      assertThat(export.contentType()).isEqualTo("application/x-protobuf");
    });
    byte[] sent = sent(exports);
    assertThat(contains(sent, "sync-runs-server".getBytes(StandardCharsets.UTF_8))).as("service.name").isTrue();
    assertThat(contains(sent, REQUEST_SPAN)).as("the request's span").isTrue();
    assertThat(contains(sent, "postgresql".getBytes(StandardCharsets.UTF_8))).as("its query's span").isTrue();
    assertThat(contains(sent, HexFormat.of().parseHex(TRACE_ID))).as("the caller's trace id").isTrue();
  }

  private static byte[] sent(List<Export> exports) {
    return exports.stream().map(Export::body).reduce(Buffer.buffer(), Buffer::appendBuffer).getBytes();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
