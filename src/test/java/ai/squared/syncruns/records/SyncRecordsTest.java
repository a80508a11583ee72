package ai.squared.syncruns.records;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs/{sync_run_id}/sync_records} (SPEC §6): the run's
 * records oldest first (ties by id), the status filter, pages and links as for the list, the 8
 * attributes in order with the platform's enum names, the checks (the sync, then the run) and the
 * parameters' 400s; the same answer read in one round trip or streamed.
 */
class SyncRecordsTest extends ApiTestBase {
  private static final long RUN = 7;
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0, 0, 123_456_000);

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(43, WORKSPACE).sync(44, OTHER_WORKSPACE)
        .run(Run.of(RUN, SYNC)).run(Run.of(8, SYNC).discarded()).run(Run.of(9, 43)).run(Run.of(10, 44));
    // 25 records of run 7, written in an order unlike the answer's; 5 and 6 share their created_at
    for (int i = 1; i <= 25; i++) {
      int id = 26 - i;
      LocalDateTime created = id == 6 ? T.plusSeconds(5) : T.plusSeconds(id);
      fixtures.record(id, SYNC, RUN, "{\"n\": " + id + "}", id % 3, id % 2, id % 4 == 0 ? null : "{\"ok\": true}",
          created);
    }
    fixtures.record(100, SYNC, RUN, "{\"odd\": 1}", 7, 5, null, T.plusHours(1)) // codes the platform does not name
        .record(101, SYNC, RUN, null, null, null, null, T.plusHours(2))
        .record(200, SYNC, 8, "{}", 1, 0, null, T) // of the soft-deleted run
        .record(300, 43, 9, "{}", 1, 0, null, T) // of another sync's run
        .record(400, 44, 10, "{}", 1, 0, null, T);
  }

  private static String recordsOf(long syncId, long runId) {
    return runsOf(syncId) + "/" + runId + "/sync_records";
  }

  private JsonObject page(String query) {
    HttpResponse<Buffer> response = get(recordsOf(SYNC, RUN) + query);
    assertThat(response.statusCode()).as(query).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  @Test
  void oldestFirstWithTiesById() {
    List<String> expected = IntStream.rangeClosed(1, 25).mapToObj(Integer::toString).toList();
    assertThat(ids(page("?per_page=25"))).containsExactlyElementsOf(expected);
    assertThat(ids(page("?per_page=27")).subList(25, 27)).containsExactly("100", "101");
  }

  @Test
  void eightAttributesInOrderWithThePlatformsNames() {
    HttpResponse<Buffer> response = get(recordsOf(SYNC, RUN) + "?per_page=3");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    JsonObject first = response.bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
    assertThat(first.fieldNames()).containsExactly("id", "type", "attributes");
    assertThat(first.getString("type")).isEqualTo("sync_records");
    JsonObject attributes = first.getJsonObject("attributes");
    assertThat(attributes.fieldNames()).containsExactly("sync_id", "sync_run_id", "record", "status", "action",
        "logs", "created_at", "updated_at");
    assertThat(attributes.getValue("sync_id")).isEqualTo(42);
    assertThat(attributes.getValue("sync_run_id")).isEqualTo(7);
    assertThat(attributes.getJsonObject("record")).isEqualTo(new JsonObject().put("n", 1));
    assertThat(attributes.getString("status")).isEqualTo("success");
    assertThat(attributes.getString("action")).isEqualTo("destination_update");
    assertThat(attributes.getJsonObject("logs")).isEqualTo(new JsonObject().put("ok", true));
    assertThat(attributes.getString("created_at")).isEqualTo("2026-11-02T10:00:01.123Z");
    assertThat(attributes.getString("updated_at")).isEqualTo("2026-11-02T10:00:02.123Z");
    JsonObject second = response.bodyAsJsonObject().getJsonArray("data").getJsonObject(1).getJsonObject("attributes");
    assertThat(second.getString("status")).isEqualTo("failed");
    assertThat(second.getString("action")).isEqualTo("destination_insert");
    JsonObject third = response.bodyAsJsonObject().getJsonArray("data").getJsonObject(2).getJsonObject("attributes");
    assertThat(third.getString("status")).isEqualTo("pending");
  }

  @Test
  void unnamedCodesAndNullsAreNull() {
    JsonArray data = page("?page=2&per_page=25").getJsonArray("data");
    JsonObject odd = data.getJsonObject(0).getJsonObject("attributes");
    assertThat(odd.getValue("status")).isNull();
    assertThat(odd.getValue("action")).isNull();
    assertThat(odd.getValue("logs")).as("SQL NULL").isNull();
    assertThat(odd.containsKey("logs")).isTrue();
    JsonObject empty = data.getJsonObject(1).getJsonObject("attributes");
    assertThat(empty.fieldNames()).hasSize(8);
    assertThat(empty.getValue("record")).isNull();
    assertThat(empty.getValue("status")).isNull();
    assertThat(empty.getValue("action")).isNull();
  }

  @Test
  void theStatusFilterAndItsLinks() {
    JsonObject failed = page("?status=failed&per_page=4");
    assertThat(ids(failed)).containsExactly("2", "5", "8", "11");
    String base = "http://localhost:" + server.port() + recordsOf(SYNC, RUN);
    assertThat(failed.getJsonObject("links")).isEqualTo(new JsonObject()
        .put("self", base + "?page=1&per_page=4&status=failed")
        .put("first", base + "?page=1&per_page=4&status=failed")
        .putNull("prev")
        .put("next", base + "?page=2&per_page=4&status=failed")
        .put("last", base + "?page=2&per_page=4&status=failed"));
  }

  @Test
  void pagesAndLinksAsForTheList() {
    String base = "http://localhost:" + server.port() + recordsOf(SYNC, RUN);
    JsonObject third = page("?page=3&per_page=10&unknown=x");
    assertThat(ids(third)).containsExactly("21", "22", "23", "24", "25", "100", "101");
    assertThat(third.getJsonObject("links")).isEqualTo(new JsonObject()
        .put("self", base + "?page=3&per_page=10")
        .put("first", base + "?page=1&per_page=10")
        .put("prev", base + "?page=2&per_page=10")
        .putNull("next")
        .put("last", base + "?page=3&per_page=10"));
    JsonObject pastTheEnd = page("?page=9&per_page=10");
    assertThat(pastTheEnd.getJsonArray("data")).isEmpty();
    assertThat(pastTheEnd.getJsonObject("links").getString("prev")).isEqualTo(base + "?page=3&per_page=10");
    assertThat(pastTheEnd.getJsonObject("links").getValue("next")).isNull();
    assertThat(page("").getJsonArray("data")).as("10 by default").hasSize(10);
  }

  @Test
  void aStreamedPageIsTheSameAnswer() {
    // up to 10 records a page is read in one round trip; above, through a cursor, 50 records a fetch
    String small = get(recordsOf(SYNC, RUN) + "?per_page=10&page=2").bodyAsString();
    JsonObject streamed = page("?per_page=20&page=1");
    JsonArray data = streamed.getJsonArray("data");
    assertThat(new JsonArray(data.getList().subList(10, 20))).isEqualTo(new JsonObject(small).getJsonArray("data"));
    JsonObject all = page("?per_page=1000");
    assertThat(all.getJsonArray("data")).hasSize(27);
    assertThat(all.getJsonObject("links").getValue("next")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/syncs/42/sync_runs/8/sync_records", "/api/v1/syncs/42/sync_runs/9/sync_records",
      "/api/v1/syncs/42/sync_runs/999/sync_records", "/api/v1/syncs/42/sync_runs/10/sync_records?per_page=500"})
  void aSoftDeletedForeignOrMissingRunIsTheSameNotFound(String uri) {
    HttpResponse<Buffer> response = get(uri);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("message", "Sync Run not found").put("status", "not_found"));
  }

  @Test
  void theSyncIsCheckedFirst() {
    HttpResponse<Buffer> response = get(recordsOf(999, RUN));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("message")).isEqualTo("Sync not found");
    assertThat(server.get(recordsOf(44, 10), Tokens.forUser(USER), OTHER_WORKSPACE).statusCode())
        .as("403 before 404").isEqualTo(403);
    assertThat(server.get(recordsOf(0, RUN) + "?status=nope", null, WORKSPACE).statusCode()).as("401 before 400")
        .isEqualTo(401);
  }

  @Test
  void badParametersAreA400WithOneEntryEachInTheListsOrder() {
    HttpResponse<Buffer> response = get(recordsOf(SYNC, 0) + "?status=in_progress&page=0&per_page=1001");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(entry -> ((JsonObject) entry).getString("parameter")))
        .containsExactly("sync_run_id", "status", "page", "per_page");
    assertThat(get(recordsOf(SYNC, RUN) + "?page=1&page=1").statusCode()).as("repeated").isEqualTo(400);
    assertThat(get(recordsOf(SYNC, RUN) + "?status=").statusCode()).as("empty").isEqualTo(400);
    assertThat(get(recordsOf(SYNC, RUN) + "?status=SUCCESS").statusCode()).as("case-sensitive").isEqualTo(400);
  }

  @Test
  void otherMethodsAre405() {
    HttpResponse<Buffer> response = server.request(HttpMethod.POST, recordsOf(SYNC, RUN), Tokens.forUser(USER),
        WORKSPACE);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET");
  }
}
