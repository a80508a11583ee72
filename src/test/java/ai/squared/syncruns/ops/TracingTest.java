package ai.squared.syncruns.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Traces (TRACING_ENABLED): every request is a server span, continuing the client's W3C traceparent,
 * and each SQL statement it runs is a client span under it. Spans go to an in-memory exporter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("http.response.status_code");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private OpenTelemetrySdk openTelemetry;
  private Vertx vertx;
  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    Tracing.enable(options, builder, openTelemetry);
    vertx = builder.with(options).build();
    server = TestServer.start(vertx, Map.of("TRACING_ENABLED", true));
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1).sql("""
          INSERT INTO sync_runs (sync_id, workspace_id, status, created_at, updated_at)
          SELECT 42, 1, 5, now(), now() FROM generate_series(1, 150)
          """);
    }
  }

  @AfterAll
  void stop() {
    server.close();
    vertx.close().await();
    openTelemetry.close();
  }

  @BeforeEach
  void forgetEarlierSpans() {
    exporter.reset();
  }

  private HttpResponse<Buffer> get(String uri, String traceparent) {
    var request = server.client().get(uri)
        .putHeader("Authorization", "Bearer " + Tokens.forUser(1)).putHeader("Workspace-Id", "1");
    if (traceparent != null) {
      request.putHeader("traceparent", traceparent);
    }
    return request.send().await();
  }

  /** The request's server span, once it has ended (it ends as the response is written). */
  private SpanData serverSpan() throws InterruptedException {
    for (int attempt = 0; attempt < 100; attempt++) {
      List<SpanData> servers = exporter.getFinishedSpanItems().stream()
          .filter(span -> span.getKind() == SpanKind.SERVER).toList();
      if (!servers.isEmpty()) {
        assertThat(servers).hasSize(1);
        return servers.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no server span was exported");
  }

  private List<SpanData> queries() {
    return exporter.getFinishedSpanItems().stream()
        .filter(span -> span.getKind() == SpanKind.CLIENT && span.getAttributes().get(DB_SYSTEM) != null).toList();
  }

  @Test
  void aRequestContinuesTheCallersTraceAndItsQueryIsAChildSpan() throws Exception {
    String token = Tokens.forUser(1);
    assertThat(get("/api/v1/syncs/42/sync_runs?status=success", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
        .statusCode()).isEqualTo(200);

    SpanData request = serverSpan();
    assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(request.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(request.getParentSpanContext().isRemote()).isTrue();
    assertThat(request.getName()).isEqualTo("GET /api/v1/syncs/{sync_id}/sync_runs");
    assertThat(request.getAttributes().get(HTTP_ROUTE)).isEqualTo("/api/v1/syncs/{sync_id}/sync_runs");
    assertThat(request.getAttributes().get(STATUS_CODE)).isEqualTo("200");

    List<SpanData> queries = queries();
    assertThat(queries).as("a page of up to 100 runs is one statement").hasSize(1);
    SpanData query = queries.get(0);
    assertThat(query.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(query.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(query.getAttributes().get(DB_SYSTEM)).isEqualTo("postgresql");
    assertThat(query.getAttributes().get(QUERY_TEXT)).startsWith("WITH access AS").contains("$1");
    assertThat(exporter.getFinishedSpanItems()).allSatisfy(span ->
        assertThat(span.getAttributes().asMap().values()).noneMatch(value -> String.valueOf(value).contains(token)));
  }

  @Test
  void aStreamedPageTracesEveryStatementOfItsTransactionUnderTheRequest() throws Exception {
    HttpResponse<Buffer> page = get("/api/v1/syncs/42/sync_runs?per_page=150", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsJsonObject().getJsonArray("data")).hasSize(150);

    SpanData request = serverSpan();
    assertThat(request.getParentSpanContext().isValid()).as("no traceparent: a new trace").isFalse();
    List<SpanData> queries = queries();
    assertThat(queries).as("the one-page statement's two fetches through the cursor (77 + 75 rows)")
        .extracting(query -> query.getAttributes().get(QUERY_TEXT).substring(0, 11))
        .containsExactly("WITH access", "WITH access");
    assertThat(queries).allSatisfy(query -> {
      assertThat(query.getTraceId()).isEqualTo(request.getTraceId());
      assertThat(query.getParentSpanId()).isEqualTo(request.getSpanId());
    });
  }

  @Test
  void requestsInFlightTogetherEachHaveTheirOwnQuerySpan() throws Exception {
    int burst = 12;
    WebClient wide = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("localhost").setDefaultPort(server.port()),
        new PoolOptions().setHttp1MaxSize(burst));
    try {
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int request = 0; request < burst; request++) {
        answers.add(wide.get("/api/v1/syncs/42/sync_runs?page=" + (request + 1))
            .putHeader("Authorization", "Bearer " + Tokens.forUser(1)).putHeader("Workspace-Id", "1").send());
      }
      Future.all(answers).await();
    } finally {
      wide.close();
    }
    List<SpanData> requests = List.of();
    for (int attempt = 0; attempt < 100 && requests.size() < burst; attempt++) {
      Thread.sleep(20);
      requests = exporter.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
    }
    assertThat(requests).hasSize(burst);
    List<SpanData> queries = queries();
    assertThat(requests).allSatisfy(request -> assertThat(queries)
        .as("traced, small pages are not batched: each request's statement is its own span")
        .filteredOn(query -> query.getParentSpanId().equals(request.getSpanId())).hasSize(1));
  }

  @Test
  void oneRunIsOneStatementAndAPageOfRecordsToo() throws Exception {
    assertThat(get("/api/v1/syncs/42/sync_runs/7", null).statusCode()).isEqualTo(200);
    SpanData request = serverSpan();
    assertThat(request.getName()).isEqualTo("GET /api/v1/syncs/{sync_id}/sync_runs/{sync_run_id}");
    assertThat(queries()).as("one round trip: the checks and the run in one statement").singleElement()
        .satisfies(query -> assertThat(query.getParentSpanId()).isEqualTo(request.getSpanId()));
    exporter.reset();
    assertThat(get("/api/v1/syncs/42/sync_runs/7/sync_records", null).statusCode()).isEqualTo(200);
    assertThat(serverSpan().getName()).isEqualTo("GET /api/v1/syncs/{sync_id}/sync_runs/{sync_run_id}/sync_records");
    assertThat(queries()).as("the checks, the count and the page in one statement").hasSize(1);
  }

  @Test
  void eachRequestWithoutTraceparentIsATraceOfItsOwn() throws Exception {
    assertThat(get("/api/v1/syncs/42/sync_runs", null).statusCode()).isEqualTo(200);
    SpanData first = serverSpan();
    exporter.reset();
    assertThat(get("/api/v1/syncs/9999/sync_runs", null).statusCode()).isEqualTo(404);
    SpanData second = serverSpan();
    assertThat(second.getTraceId()).isNotEqualTo(first.getTraceId());
    assertThat(second.getAttributes().get(STATUS_CODE)).isEqualTo("404");
    assertThat(queries()).allSatisfy(query -> assertThat(query.getParentSpanId()).isEqualTo(second.getSpanId()));
  }
}
