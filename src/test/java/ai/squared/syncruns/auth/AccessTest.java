package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Workspace membership (403) and sync visibility (404), and their order (SPEC §3). */
class AccessTest extends ApiTestBase {
  private static final long DISCARDED = 43;
  private static final long FOREIGN = 44;
  private static final JsonObject SYNC_NOT_FOUND = new JsonObject()
      .put("message", "Sync not found").put("status", "not_found");

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.discardedSync(DISCARDED, WORKSPACE).sync(FOREIGN, OTHER_WORKSPACE)
        .run(Run.of(1, DISCARDED)).run(Run.of(2, FOREIGN));
  }

  private HttpResponse<Buffer> as(long workspace, long sync) {
    return server.get(runsOf(sync), Tokens.forUser(USER), workspace);
  }

  @Test
  void nonMemberIsForbidden() {
    HttpResponse<Buffer> response = as(OTHER_WORKSPACE, FOREIGN);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("message", "Not a member of this workspace").put("status", "forbidden"));
  }

  @Test
  void unknownWorkspaceIsForbiddenToo() {
    assertThat(as(999, SYNC).statusCode()).isEqualTo(403);
  }

  @Test
  void userWithoutAnyRowIsForbidden() {
    assertThat(server.get(runsOf(SYNC), Tokens.forUser(555), WORKSPACE).statusCode()).isEqualTo(403);
  }

  @Test
  void missingDiscardedAndForeignSyncsAreTheSame404() {
    for (long sync : new long[] {999, DISCARDED, FOREIGN}) {
      HttpResponse<Buffer> response = as(WORKSPACE, sync);
      assertThat(response.statusCode()).as("sync %d", sync).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(response.bodyAsJsonObject()).as("sync %d", sync).isEqualTo(SYNC_NOT_FOUND);
    }
  }

  @Test
  void membershipIsCheckedBeforeTheSync() {
    assertThat(as(OTHER_WORKSPACE, 999).statusCode()).isEqualTo(403);
    assertThat(as(OTHER_WORKSPACE, SYNC).statusCode()).isEqualTo(403);
  }

  @Test
  void parametersAreCheckedBeforeMembership() {
    assertThat(server.get(runsOf(FOREIGN) + "?page=0", Tokens.forUser(USER), OTHER_WORKSPACE).statusCode())
        .isEqualTo(400);
  }

  @Test
  void visibleSyncIsListed() {
    assertThat(as(WORKSPACE, SYNC).statusCode()).isEqualTo(200);
  }

  @Test
  void aStreamedPageIsRefusedTheSameWay() {
    // pages over 100 runs are read through a cursor, whose first row is the access row
    HttpResponse<Buffer> forbidden = server.get(runsOf(FOREIGN) + "?per_page=500", Tokens.forUser(USER), OTHER_WORKSPACE);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.bodyAsJsonObject().getString("status")).isEqualTo("forbidden");
    for (long sync : new long[] {999, DISCARDED, FOREIGN}) {
      HttpResponse<Buffer> missing = server.get(runsOf(sync) + "?per_page=500", Tokens.forUser(USER), WORKSPACE);
      assertThat(missing.statusCode()).as("sync %d", sync).isEqualTo(404);
      assertThat(missing.bodyAsJsonObject()).as("sync %d", sync).isEqualTo(SYNC_NOT_FOUND);
    }
    assertThat(server.get(runsOf(SYNC) + "?per_page=500", Tokens.forUser(USER), WORKSPACE).statusCode()).isEqualTo(200);
  }
}
