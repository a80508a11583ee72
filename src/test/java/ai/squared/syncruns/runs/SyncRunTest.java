package ai.squared.syncruns.runs;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs/{sync_run_id}} (SPEC §6): the run, byte for byte as
 * the list writes it; the sync checked first, as for the list; a missing, soft-deleted or foreign
 * run indistinguishable; the check order and the parameters' 400s.
 */
class SyncRunTest extends ApiTestBase {
  private static final long OTHER_SYNC = 43;
  private static final long FOREIGN_SYNC = 44;

  @Override
  protected void seed(Fixtures fixtures) {
    LocalDateTime t = Run.BASE;
    fixtures.sync(OTHER_SYNC, WORKSPACE).sync(FOREIGN_SYNC, OTHER_WORKSPACE).discardedSync(45, WORKSPACE)
        .run(Run.of(1, SYNC).times(t, t.plusSeconds(12).plusNanos(345_678_000)).counts(1000, 1000, 998, 2, 0)
            .error("a \"quoted\"\nline → ✓"))
        .run(Run.of(2, SYNC).status(0).times(null, null).created(t.plusMinutes(1), t.plusMinutes(1)))
        .run(Run.of(3, SYNC).status(42).created(t.plusMinutes(2), t.plusMinutes(2)))
        .run(Run.of(4, SYNC).discarded().created(t.plusMinutes(3), t.plusMinutes(3)))
        .run(Run.of(5, OTHER_SYNC))
        .run(Run.of(6, FOREIGN_SYNC))
        .run(Run.of(7, 45));
  }

  private static String runOf(long syncId, long runId) {
    return runsOf(syncId) + "/" + runId;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void theRunIsWrittenByteForByteAsTheListWritesIt(long runId) {
    HttpResponse<Buffer> one = get(runOf(SYNC, runId));
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(one.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(one.getHeader("X-Request-Id")).isNotBlank();
    String list = get(runsOf(SYNC) + "?per_page=100").bodyAsString();
    assertThat(one.bodyAsString()).isEqualTo("{\"data\":" + rawItem(list, runId) + "}");
    assertThat(one.bodyAsJsonObject().fieldNames()).containsExactly("data");
  }

  @Test
  void aRunWithItsNullsAndAnUnknownStatus() {
    JsonObject pending = get(runOf(SYNC, 2)).bodyAsJsonObject().getJsonObject("data");
    assertThat(pending.getString("id")).isEqualTo("2");
    assertThat(pending.getString("type")).isEqualTo("sync_runs");
    JsonObject attributes = pending.getJsonObject("attributes");
    assertThat(attributes.fieldNames()).containsExactly("sync_id", "status", "started_at", "finished_at", "duration",
        "total_query_rows", "skipped_rows", "total_rows", "successful_rows", "failed_rows", "error", "created_at",
        "updated_at");
    assertThat(attributes.getString("status")).isEqualTo("pending");
    assertThat(attributes.getValue("started_at")).isNull();
    assertThat(attributes.getValue("duration")).isNull();
    assertThat(get(runOf(SYNC, 3)).bodyAsJsonObject().getJsonObject("data").getJsonObject("attributes")
        .getValue("status")).as("a code outside the enum").isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/syncs/42/sync_runs/4", "/api/v1/syncs/42/sync_runs/5",
      "/api/v1/syncs/42/sync_runs/999", "/api/v1/syncs/42/sync_runs/9223372036854775807"})
  void aSoftDeletedForeignOrMissingRunIsTheSameNotFound(String uri) {
    HttpResponse<Buffer> response = get(uri);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("message", "Sync Run not found").put("status", "not_found"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/syncs/999/sync_runs/1", "/api/v1/syncs/45/sync_runs/7",
      "/api/v1/syncs/44/sync_runs/6"})
  void theSyncIsCheckedFirstAsForTheList(String uri) {
    HttpResponse<Buffer> response = get(uri);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("message", "Sync not found").put("status", "not_found"));
  }

  @Test
  void badIdsAreA400WithOneEntryEach() {
    HttpResponse<Buffer> response = get("/api/v1/syncs/0/sync_runs/abc");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray errors = response.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.getJsonObject(0).getString("parameter")).isEqualTo("sync_id");
    assertThat(errors.getJsonObject(1).getString("parameter")).isEqualTo("sync_run_id");
    assertThat(errors.getJsonObject(1).getString("in")).isEqualTo("path");
    assertThat(get("/api/v1/syncs/42/sync_runs/9223372036854775808").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/syncs/42/sync_runs/-1").statusCode()).isEqualTo(400);
  }

  @Test
  void theCheckOrderIsTheLists() {
    assertThat(server.get("/api/v1/syncs/0/sync_runs/abc", null, WORKSPACE).statusCode()).as("401 before 400")
        .isEqualTo(401);
    assertThat(server.get(runOf(FOREIGN_SYNC, 999), Tokens.forUser(USER), OTHER_WORKSPACE).statusCode())
        .as("403 before 404").isEqualTo(403);
    assertThat(server.get(runOf(SYNC, 1), Tokens.forUser(USER), null).statusCode()).as("no Workspace-Id")
        .isEqualTo(400);
  }

  @Test
  void otherMethodsAre405() {
    HttpResponse<Buffer> response = server.request(HttpMethod.DELETE, runOf(SYNC, 1), Tokens.forUser(USER), WORKSPACE);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET");
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("method_not_allowed");
  }

  /** The text of the list's item for {@code runId}, as written (an object, braces counted outside strings). */
  static String rawItem(String list, long runId) {
    int start = list.indexOf("{\"id\":\"" + runId + "\"");
    assertThat(start).as("run %d in %s", runId, list).isNotNegative();
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < list.length(); i++) {
      char c = list.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return list.substring(start, i + 1);
      }
    }
    throw new AssertionError("unterminated item in " + list);
  }
}
