package ai.squared.syncruns.ops;

import ai.squared.syncruns.config.AppConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenTelemetry traces through Vert.x's own instrumentation (vertx-opentelemetry): the HTTP server
 * opens a span per request, continuing a W3C {@code traceparent} when the client sent one, and the
 * PostgreSQL clients open a child span per statement. Off unless TRACING_ENABLED.
 */
public final class Tracing {
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

  private Tracing() {
  }

  /**
   * The SDK, configured the standard way (OTEL_* environment variables, see the SDK's
   * autoconfigure documentation) over these defaults: OTLP http/protobuf to OTEL_EXPORTER_OTLP_ENDPOINT,
   * traces only, service name {@code sync-runs-server}. Its shutdown hook flushes pending spans at exit.
   */
  public static OpenTelemetrySdk sdk(AppConfig config) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", "sync-runs-server");
    defaults.put("otel.traces.exporter", "otlp");
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    // the JDK HTTP sender is the one on the class path; it speaks OTLP over HTTP, not gRPC
    defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
    config.otlpEndpoint().ifPresent(endpoint -> defaults.put("otel.exporter.otlp.endpoint", endpoint));
    return AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> defaults).build()
        .getOpenTelemetrySdk();
  }

  /**
   * Names the current request's server span after its route template ("GET /api/v1/syncs/{sync_id}/sync_runs")
   * and sets {@code http.route}, as OpenTelemetry's HTTP conventions ask; Vert.x names it by method only.
   */
  public static void nameServerSpan(String method, String routeTemplate) {
    Span span = Span.current();
    if (span.isRecording()) {
      span.updateName(method + " " + routeTemplate);
      span.setAttribute(HTTP_ROUTE, routeTemplate);
    }
  }

  /** Makes the Vert.x instance about to be built report its HTTP and SQL spans to {@code openTelemetry}. */
  public static void enable(VertxOptions options, VertxBuilder builder, OpenTelemetry openTelemetry) {
    options.setTracingOptions(new OpenTelemetryOptions());
    builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry));
  }
}
