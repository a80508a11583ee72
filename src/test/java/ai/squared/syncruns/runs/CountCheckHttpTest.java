package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Counts are reused for an hour here (any size), and every page is checked against the count it
 * reuses: the run after the page (the look-ahead) makes {@code next} exact, a page that is not full
 * settles the count by itself, and a reused count the page contradicts is counted again, on the
 * one-round-trip path and on the streamed one. Each test has a sync of its own.
 */
class CountCheckHttpTest extends ApiTestBase {
  private static final long REUSED = 101;
  private static final long GROWN = 102;
  private static final long SHRUNK = 103;
  private static final long STREAMED = 104;

  @Override
  protected Map<String, Object> settings() {
    return Map.of("COUNT_CACHE_TTL_MS", "3600000", "COUNT_CACHE_MIN_ROWS", "0");
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(REUSED, WORKSPACE).sync(GROWN, WORKSPACE).sync(SHRUNK, WORKSPACE).sync(STREAMED, WORKSPACE);
    runs(fixtures, REUSED, 1_000, 30);
    runs(fixtures, GROWN, 2_000, 3);
    runs(fixtures, SHRUNK, 3_000, 12);
    runs(fixtures, STREAMED, 4_000, 150);
  }

  private static void runs(Fixtures fixtures, long sync, long firstId, int count) {
    for (long id = firstId; id < firstId + count; id++) {
      fixtures.run(Run.of(id, sync));
    }
  }

  private void change(Consumer<Fixtures> change) throws Exception {
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      change.accept(fixtures);
    }
  }

  private JsonObject page(long sync, int page, int perPage) {
    return get(runsOf(sync) + "?page=" + page + "&per_page=" + perPage).bodyAsJsonObject();
  }

  private static String link(JsonObject body, String name) {
    return body.getJsonObject("links").getString(name);
  }

  @Test
  void aReusedCountOnlyDecidesLastWhileNextIsExact() throws Exception {
    assertThat(link(page(REUSED, 1, 10), "last")).contains("page=3&");
    change(fixtures -> runs(fixtures, REUSED, 1_030, 5));

    JsonObject first = page(REUSED, 1, 10);
    assertThat(first.getJsonArray("data")).hasSize(10);
    assertThat(first.getJsonArray("data").getJsonObject(0).getString("id")).as("rows are fresh").isEqualTo("1034");
    assertThat(link(first, "last")).as("the reused count agrees with page 1").contains("page=3&");
    assertThat(link(first, "next")).contains("page=2&");

    JsonObject third = page(REUSED, 3, 10);
    assertThat(third.getJsonArray("data")).hasSize(10);
    assertThat(link(third, "next")).as("a 31st run follows page 3: recounted").contains("page=4&");
    assertThat(link(third, "last")).contains("page=4&");
    assertThat(link(page(REUSED, 1, 10), "last")).as("the recount is remembered").contains("page=4&");
  }

  @Test
  void aCountTheNextRunContradictsIsCountedAgain() throws Exception {
    JsonObject before = page(GROWN, 1, 10);
    assertThat(before.getJsonArray("data")).hasSize(3);
    assertThat(link(before, "next")).isNull();
    change(fixtures -> runs(fixtures, GROWN, 2_003, 12));

    JsonObject after = page(GROWN, 1, 10);
    assertThat(after.getJsonArray("data")).hasSize(10);
    assertThat(link(after, "next")).contains("page=2&");
    assertThat(link(after, "last")).contains("page=2&");
  }

  @Test
  void anEmptyPageTheReusedCountPromisedRunsOnIsCountedAgain() throws Exception {
    JsonObject before = page(SHRUNK, 2, 10);
    assertThat(before.getJsonArray("data")).hasSize(2);
    assertThat(link(before, "last")).contains("page=2&");
    change(fixtures -> fixtures.sql("UPDATE sync_runs SET discarded_at = updated_at WHERE id BETWEEN 3000 AND 3003"));

    JsonObject after = page(SHRUNK, 2, 10);
    assertThat(after.getJsonArray("data")).isEmpty();
    assertThat(link(after, "last")).contains("page=1&");
    assertThat(link(after, "prev")).contains("page=1&");
    assertThat(link(after, "next")).isNull();
    JsonObject first = page(SHRUNK, 1, 10);
    assertThat(first.getJsonArray("data")).hasSize(8);
    assertThat(link(first, "next")).isNull();
  }

  @Test
  void aStreamedPageChecksItsCountToo() throws Exception {
    JsonObject first = page(STREAMED, 1, 101);
    assertThat(first.getJsonArray("data")).as("the look-ahead run is not sent").hasSize(101);
    assertThat(link(first, "last")).contains("page=2&");
    change(fixtures -> runs(fixtures, STREAMED, 4_150, 60));

    JsonObject second = page(STREAMED, 2, 101);
    assertThat(second.getJsonArray("data")).hasSize(101);
    assertThat(link(second, "next")).as("a 203rd run follows: recounted").contains("page=3&");
    assertThat(link(second, "last")).contains("page=3&");
    JsonObject third = page(STREAMED, 3, 101);
    assertThat(third.getJsonArray("data")).hasSize(8);
    assertThat(link(third, "next")).isNull();
  }
}
