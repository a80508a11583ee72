package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A large sync's count is reused for COUNT_CACHE_TTL_MS (here: an hour, with "large" = 5 runs),
 * while the rows themselves and the access checks are always fresh; a small sync stays exact.
 */
class CountCacheHttpTest extends ApiTestBase {
  private static final long SMALL = 43;

  @Override
  protected Map<String, Object> settings() {
    return Map.of("COUNT_CACHE_TTL_MS", "3600000", "COUNT_CACHE_MIN_ROWS", "5");
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(SMALL, WORKSPACE);
    for (long id = 1; id <= 6; id++) {
      fixtures.run(Run.of(id, SYNC));
    }
    fixtures.run(Run.of(100, SMALL));
  }

  private JsonObject page(long sync) {
    return get(runsOf(sync) + "?per_page=1").bodyAsJsonObject();
  }

  @Test
  void largeCountIsReusedButRowsAreFresh() throws Exception {
    assertThat(page(SYNC).getJsonObject("links").getString("last")).contains("page=6&");
    assertThat(page(SMALL).getJsonObject("links").getString("last")).contains("page=1&");
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.run(Run.of(7, SYNC)).run(Run.of(101, SMALL));
    }
    JsonObject large = page(SYNC);
    assertThat(large.getJsonArray("data").getJsonObject(0).getString("id")).as("rows are fresh").isEqualTo("7");
    assertThat(large.getJsonObject("links").getString("last")).as("count is cached").contains("page=6&");
    assertThat(page(SMALL).getJsonObject("links").getString("last")).as("small stays exact").contains("page=2&");
  }

  @Test
  void accessIsNeverCached() {
    page(SYNC);
    assertThat(server.get(runsOf(SYNC), ai.squared.syncruns.support.Tokens.forUser(USER), OTHER_WORKSPACE)
        .statusCode()).isEqualTo(403);
  }
}
