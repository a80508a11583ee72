package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Which runs are listed, and in which order (SPEC §1). */
class OrderingAndFilterTest extends ApiTestBase {
  private static final long TIES = 43;
  private static final long OTHER_SYNC = 44;
  private static final LocalDateTime SAME = LocalDateTime.of(2026, 11, 2, 12, 0);

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(TIES, WORKSPACE).sync(OTHER_SYNC, WORKSPACE);
    // sync 42: two runs of each status (ids 101..118), created out of id order, plus a discarded one
    for (int i = 0; i < 18; i++) {
      long id = 101 + i;
      fixtures.run(Run.of(id, SYNC).status(i % 9).created(Run.BASE.plusMinutes((i * 7) % 18), Run.BASE));
    }
    fixtures.run(Run.of(200, SYNC).status(5).discarded());
    fixtures.run(Run.of(300, OTHER_SYNC));
    // sync 43: equal created_at, so id breaks the tie
    for (long id : new long[] {501, 507, 503, 509, 505}) {
      fixtures.run(Run.of(id, TIES).created(SAME, SAME));
    }
  }

  @Test
  void newestFirstByCreatedAt() {
    List<LocalDateTime> created = new ArrayList<>();
    JsonArray data = get(runsOf(SYNC) + "?per_page=100").bodyAsJsonObject().getJsonArray("data");
    data.forEach(run -> created.add(LocalDateTime.parse(
        ((JsonObject) run).getJsonObject("attributes").getString("created_at").replace("Z", ""))));
    assertThat(created).hasSize(18).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void equalCreatedAtFallsBackToIdDescending() {
    assertThat(ids(runsOf(TIES))).containsExactly("509", "507", "505", "503", "501");
  }

  @Test
  void pagesNeitherRepeatNorSkipARunAcrossTies() {
    List<String> paged = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      paged.addAll(ids(runsOf(TIES) + "?per_page=2&page=" + page));
    }
    assertThat(paged).containsExactly("509", "507", "505", "503", "501");
  }

  @Test
  void discardedRunsAndOtherSyncsRunsAreNotListed() {
    List<String> listed = ids(runsOf(SYNC) + "?per_page=100");
    assertThat(listed).hasSize(18).doesNotContain("200", "300");
  }

  @ParameterizedTest
  @EnumSource(RunStatus.class)
  void eachStatusFiltersToExactlyItsRuns(RunStatus status) {
    JsonObject body = get(runsOf(SYNC) + "?status=" + status.apiName()).bodyAsJsonObject();
    JsonArray data = body.getJsonArray("data");
    assertThat(data).hasSize(2);
    data.forEach(run -> assertThat(((JsonObject) run).getJsonObject("attributes").getString("status"))
        .isEqualTo(status.apiName()));
    assertThat(body.getJsonObject("links").getString("last")).endsWith("page=1&per_page=10&status=" + status.apiName());
  }

  @Test
  void theDiscardedRunDoesNotCountForItsStatus() {
    JsonObject body = get(runsOf(SYNC) + "?status=success&per_page=1").bodyAsJsonObject();
    assertThat(body.getJsonArray("data")).hasSize(1);
    assertThat(body.getJsonObject("links").getString("last")).contains("page=2&");
  }

  private List<String> ids(String uri) {
    List<String> ids = new ArrayList<>();
    get(uri).bodyAsJsonObject().getJsonArray("data").forEach(run -> ids.add(((JsonObject) run).getString("id")));
    return ids;
  }
}
