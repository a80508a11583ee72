package ai.squared.syncruns.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** A 1000-row page is streamed in chunks (several cursor fetches) and arrives whole and in order. */
class LargePageTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sql("""
        INSERT INTO sync_runs (id, sync_id, workspace_id, status, started_at, finished_at, total_query_rows,
                               total_rows, successful_rows, failed_rows, skipped_rows, error, created_at, updated_at)
        SELECT n, 42, 1, n % 9, TIMESTAMP '2026-01-01' + n * INTERVAL '1 second', NULL, n, n, n, 0, 0,
               repeat('x', n % 50), TIMESTAMP '2026-01-01' + n * INTERVAL '1 second',
               TIMESTAMP '2026-01-01' + n * INTERVAL '1 second'
          FROM generate_series(1, 2500) AS n
        """);
  }

  @Test
  void fullPageIsStreamedChunked() {
    HttpResponse<Buffer> response = get(runsOf(SYNC) + "?per_page=1000&page=2");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    JsonObject body = response.bodyAsJsonObject();
    JsonArray data = body.getJsonArray("data");
    assertThat(data).hasSize(1000);
    assertThat(data.getJsonObject(0).getString("id")).isEqualTo("1500");
    assertThat(data.getJsonObject(999).getString("id")).isEqualTo("501");
    assertThat(body.getJsonObject("links").getString("next")).endsWith("page=3&per_page=1000");
    assertThat(body.getJsonObject("links").getString("last")).endsWith("page=3&per_page=1000");
  }

  @Test
  void smallPageIsOneBodyWithALength() {
    HttpResponse<Buffer> response = get(runsOf(SYNC) + "?per_page=10");
    assertThat(response.getHeader("Content-Length")).isEqualTo(Integer.toString(response.body().length()));
    assertThat(response.bodyAsJsonObject().getJsonArray("data")).hasSize(10);
  }
}
