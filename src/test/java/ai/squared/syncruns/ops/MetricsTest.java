package ai.squared.syncruns.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.MeteredVertx;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** GET /metrics: the series exist, move with traffic, and stay few whatever paths are called. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {
  private Vertx vertx;
  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    vertx = MeteredVertx.create();
    server = TestServer.start(vertx, Map.of());
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
    }
  }

  @AfterAll
  void stop() {
    server.close();
    vertx.close().await();
  }

  private String scrape() {
    var response = server.get("/metrics", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).as("a scrape is of its moment").isEqualTo("no-store");
    return response.bodyAsString();
  }

  private static double value(String metrics, String series) {
    Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }

  @Test
  void seriesExistAndMoveWithTraffic() {
    String ok = "vertx_http_server_requests_total{code=\"200\",method=\"GET\","
        + "route=\"/api/v1/syncs/:sync_id/sync_runs\"}";
    double before = value(scrape(), ok);
    for (int i = 0; i < 5; i++) {
      assertThat(server.get("/api/v1/syncs/42/sync_runs", Tokens.forUser(1), 1).statusCode()).isEqualTo(200);
    }
    assertThat(server.get("/api/v1/syncs/42/sync_runs?per_page=500", Tokens.forUser(1), 1).statusCode())
        .as("a streamed page, on a \"held\" connection").isEqualTo(200);
    String metrics = scrape();
    assertThat(value(metrics, ok)).isEqualTo(before + 6);
    assertThat(value(metrics, "sync_runs_db_connections{pool_name=\"pipelined\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "sync_runs_db_connections{pool_name=\"held\"}")).isGreaterThanOrEqualTo(1);
    assertThat(metrics).contains("vertx_http_server_response_time_seconds_bucket{")
        .contains("sync_runs_db_statements{pool_name=\"pipelined\"}")
        .contains("vertx_pool_in_use{pool_name=\"held\",pool_type=\"sql\"}")
        .contains("vertx_pool_queue_pending{")
        .contains("vertx_sql_processing_time_seconds_count{client_namespace=\"pipelined\"}")
        .contains("vertx_eventloop_lag_seconds{loop=")
        .contains("jvm_memory_used_bytes{").contains("jvm_gc_");
  }

  @Test
  void aThousandSyncIdsMakeNoNewSeries() {
    for (int sync = 1; sync <= 1000; sync++) {
      server.get("/api/v1/syncs/" + sync + "/sync_runs", Tokens.forUser(1), 1);
    }
    long series = Arrays.stream(scrape().split("\n"))
        .filter(line -> line.startsWith("vertx_http_server_requests_total{")).count();
    assertThat(series).as("one per route template, method and status").isLessThanOrEqualTo(6);
    assertThat(scrape()).as("a failed request keeps the plain template")
        .contains("vertx_http_server_requests_total{code=\"404\",method=\"GET\",route=\"/api/v1/syncs/:sync_id/sync_runs\"}")
        .doesNotContain(">/api");
  }

  @Test
  void theNeighboursAreCountedByTheirTemplates() {
    for (int run = 1; run <= 50; run++) {
      server.get("/api/v1/syncs/42/sync_runs/" + run, Tokens.forUser(1), 1);
      server.get("/api/v1/syncs/42/sync_runs/" + run + "/sync_records", Tokens.forUser(1), 1);
    }
    String metrics = scrape();
    assertThat(metrics)
        .contains("vertx_http_server_requests_total{code=\"404\",method=\"GET\","
            + "route=\"/api/v1/syncs/:sync_id/sync_runs/:sync_run_id\"} 50.0")
        .contains("vertx_http_server_requests_total{code=\"404\",method=\"GET\","
            + "route=\"/api/v1/syncs/:sync_id/sync_runs/:sync_run_id/sync_records\"} 50.0")
        .doesNotContain(">/api").doesNotContain("sync_runs/7");
  }

  @Test
  void madeUpMethodsAreCountedAsOther() throws Exception {
    for (int i = 0; i < 20; i++) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("MADEUP" + i + " /api/v1/syncs/42/sync_runs HTTP/1.1\r\nHost: x\r\n"
            + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .startsWith("HTTP/1.1 405");
      }
    }
    String metrics = scrape();
    assertThat(metrics).doesNotContain("MADEUP")
        .contains("vertx_http_server_requests_total{code=\"405\",method=\"OTHER\",route=\"/api/v1/syncs/:sync_id/sync_runs\"} 20.0");
  }
}
