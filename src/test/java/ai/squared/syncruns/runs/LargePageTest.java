package ai.squared.syncruns.runs;

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
  void deepPagesKeepTheOrderAndTheFilter() {
    assertThat(ids("?per_page=10&page=51")).containsExactly(
        "2000", "1999", "1998", "1997", "1996", "1995", "1994", "1993", "1992", "1991");
    // status 3 (queued) is every 9th run, n % 9 = 3: 2496, 2487, ... ; page 21 of 10 skips 200 of them
    assertThat(ids("?per_page=10&page=21&status=queued")).first().isEqualTo(Integer.toString(2496 - 9 * 200));
    assertThat(ids("?per_page=200&page=2&status=queued")).hasSize(78).first()
        .isEqualTo(Integer.toString(2496 - 9 * 200));
  }

  private java.util.List<String> ids(String query) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    get(runsOf(SYNC) + query).bodyAsJsonObject().getJsonArray("data")
        .forEach(run -> ids.add(((JsonObject) run).getString("id")));
    return ids;
  }

  @Test
  void smallPageIsOneBodyWithALength() {
    HttpResponse<Buffer> response = get(runsOf(SYNC) + "?per_page=10");
    assertThat(response.getHeader("Content-Length")).isEqualTo(Integer.toString(response.body().length()));
    assertThat(response.bodyAsJsonObject().getJsonArray("data")).hasSize(10);
  }
}
