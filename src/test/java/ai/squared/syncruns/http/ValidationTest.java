package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every 400 of SPEC §1: one errors entry per bad input, in the contract's error shape. */
class ValidationTest extends ApiTestBase {

  private static JsonObject error(String parameter, String in, String detail) {
    return new JsonObject().put("parameter", parameter).put("in", in).put("detail", detail);
  }

  private static final String INT64 = "must be an integer from 1 to 9223372036854775807";
  private static final String PAGE = "must be an integer from 1 to 2147483647";
  private static final String PER_PAGE = "must be an integer from 1 to 1000";
  private static final String STATUS =
      "must be one of pending, started, querying, queued, in_progress, success, paused, failed, canceled";

  private JsonArray badRequest(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("message", "status", "errors");
    assertThat(body.getString("status")).isEqualTo("bad_request");
    return body.getJsonArray("errors");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-1", "1.5", "1e3", "9223372036854775808", "99999999999999999999", "%20", "+1"})
  void badSyncId(String syncId) {
    assertThat(badRequest(get("/api/v1/syncs/" + syncId + "/sync_runs")))
        .containsExactly(error("sync_id", "path", INT64));
  }

  @Test
  void largestSyncIdIsValidAndSimplyNotFound() {
    assertThat(get(runsOf(Long.MAX_VALUE)).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"status=", "status=SUCCESS", "status=Success", "status=done", "status=5",
      "status=success%20", "status=in%20progress", "status=success&status=failed", "status=success&status=success"})
  void badStatus(String query) {
    JsonArray errors = badRequest(get(runsOf(SYNC) + "?" + query));
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("parameter")).isEqualTo("status");
    assertThat(errors.getJsonObject(0).getString("in")).isEqualTo("query");
  }

  @Test
  void badStatusDetailListsTheEnum() {
    assertThat(badRequest(get(runsOf(SYNC) + "?status=done"))).containsExactly(error("status", "query", STATUS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"page=", "page=0", "page=-1", "page=abc", "page=1.0", "page=2147483648", "page=1&page=2",
      "page=1&page=1", "page=%31%32x", "page=2;per_page=3"})
  void badPage(String query) {
    JsonArray errors = badRequest(get(runsOf(SYNC) + "?" + query));
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("parameter")).isEqualTo("page");
  }

  @Test
  void repeatedPageSaysSo() {
    assertThat(badRequest(get(runsOf(SYNC) + "?page=1&page=1")))
        .containsExactly(error("page", "query", "must be given once, got 2 values"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"per_page=", "per_page=0", "per_page=1001", "per_page=-5", "per_page=ten",
      "per_page=10&per_page=10"})
  void badPerPage(String query) {
    JsonArray errors = badRequest(get(runsOf(SYNC) + "?" + query));
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("parameter")).isEqualTo("per_page");
  }

  @Test
  void perPageBoundsAreInclusive() {
    assertThat(get(runsOf(SYNC) + "?per_page=1").statusCode()).isEqualTo(200);
    assertThat(get(runsOf(SYNC) + "?per_page=1000").statusCode()).isEqualTo(200);
    assertThat(badRequest(get(runsOf(SYNC) + "?per_page=1001"))).containsExactly(error("per_page", "query", PER_PAGE));
  }

  @Test
  void missingWorkspaceId() {
    HttpResponse<Buffer> response = server.get(runsOf(SYNC), Tokens.forUser(USER), null);
    assertThat(badRequest(response)).containsExactly(
        error("Workspace-Id", "header", "is required and " + INT64));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-1", "1.5", "", "9223372036854775808"})
  void badWorkspaceId(String workspaceId) {
    HttpResponse<Buffer> response = server.get(runsOf(SYNC), Tokens.forUser(USER), workspaceId);
    JsonArray errors = badRequest(response);
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("parameter")).isEqualTo("Workspace-Id");
    assertThat(errors.getJsonObject(0).getString("in")).isEqualTo("header");
  }

  @Test
  void everyBadInputIsReportedAtOnce() {
    HttpResponse<Buffer> response = server.get(
        "/api/v1/syncs/x/sync_runs?status=nope&page=0&per_page=5000", Tokens.forUser(USER), "ws");
    assertThat(badRequest(response)).containsExactly(
        error("sync_id", "path", INT64),
        error("status", "query", STATUS),
        error("page", "query", PAGE),
        error("per_page", "query", PER_PAGE),
        error("Workspace-Id", "header", INT64));
  }

  @Test
  void malformedPercentEncodingIsA400NotA500() {
    assertThat(badRequest(get(runsOf(SYNC) + "?page=%zz"))).containsExactly(
        error("query", "query", "the query string is not valid percent-encoded UTF-8"));
    assertThat(badRequest(get(runsOf(SYNC) + "?status=%E2%28"))).hasSize(1);
    assertThat(badRequest(get("/api/v1/syncs/%zz/sync_runs"))).hasSize(1);
  }

  @Test
  void percentEncodedValidValuesAreAccepted() {
    assertThat(get(runsOf(SYNC) + "?status=in%5Fprogress&page=%31").statusCode()).isEqualTo(200);
  }

  @Test
  void leadingZerosAreNotCountedAsDigits() {
    String zeros = "0".repeat(40);
    HttpResponse<Buffer> response = get("/api/v1/syncs/" + zeros + SYNC + "/sync_runs?page=" + zeros + "1&per_page="
        + zeros + "7");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonObject("links").getString("self"))
        .endsWith(runsOf(SYNC) + "?page=1&per_page=7");
    for (String bad : new String[] {zeros + "2147483648", zeros, "-", "-" + zeros, zeros + "x", "1" + zeros}) {
      assertThat(badRequest(get(runsOf(SYNC) + "?page=" + bad))).as(bad).containsExactly(error("page", "query", PAGE));
    }
  }

  @Test
  void parameterNamesAreCaseSensitive() {
    JsonObject body = get(runsOf(SYNC) + "?PAGE=2&Per_Page=3&STATUS=failed&page=1&Page=x").bodyAsJsonObject();
    assertThat(body.getJsonObject("links").getString("self")).endsWith("?page=1&per_page=10");
  }
}
