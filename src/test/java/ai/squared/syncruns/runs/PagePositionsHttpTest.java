package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deep pages (here: offset ≥ 10) asked again within POSITION_CACHE_TTL_MS (here: an hour) seek to
 * where they started: the same runs, even if newer runs arrived meanwhile; shallow pages are fresh.
 */
class PagePositionsHttpTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("POSITION_CACHE_TTL_MS", "3600000", "POSITION_CACHE_MIN_OFFSET", "10");
  }

  @Override
  protected void seed(Fixtures fixtures) {
    for (long id = 1; id <= 30; id++) {
      fixtures.run(Run.of(id, SYNC).status(id % 2 == 0 ? 5 : 7));
    }
  }

  private List<String> ids(String query) {
    List<String> ids = new ArrayList<>();
    get(runsOf(SYNC) + query).bodyAsJsonObject().getJsonArray("data")
        .forEach(run -> ids.add(((JsonObject) run).getString("id")));
    return ids;
  }

  @Test
  void aDeepPageAskedAgainStartsWhereItDidWhileShallowPagesAreFresh() throws Exception {
    assertThat(ids("?per_page=5&page=3")).containsExactly("20", "19", "18", "17", "16");
    assertThat(ids("?per_page=5&page=3")).as("served by the seek").containsExactly("20", "19", "18", "17", "16");
    assertThat(ids("?per_page=2&page=6&status=failed")).containsExactly("9", "7");
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.run(Run.of(31, SYNC).status(7));
    }
    assertThat(ids("?per_page=5&page=1")).first().isEqualTo("31");
    assertThat(ids("?per_page=5&page=3")).containsExactly("20", "19", "18", "17", "16");
    assertThat(ids("?per_page=2&page=6&status=failed")).containsExactly("9", "7");
    assertThat(ids("?per_page=5&page=4")).as("a page not asked before is fresh").containsExactly(
        "16", "15", "14", "13", "12");
  }

  @Test
  void aSeekPastTheEndIsStillAnEmptyPage() {
    assertThat(ids("?per_page=10&page=50")).isEmpty();
    assertThat(ids("?per_page=10&page=50")).isEmpty();
  }
}
