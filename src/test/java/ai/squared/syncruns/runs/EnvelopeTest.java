package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The 200 body: exact shape, attribute set, JSON types and value formats of SPEC §1. */
class EnvelopeTest extends ApiTestBase {
  private static final LocalDateTime CREATED = LocalDateTime.of(2026, 11, 2, 9, 59, 59, 120_000_000);
  /** A sync whose runs hold PostgreSQL's infinities and the ends of its finite range. */
  private static final long EXTREMES_SYNC = 43;
  private static final String NASTY_ERROR = "quote \" backslash \\ newline \n tab \t unicode é ✓ 😀 nul-ish \u0001";

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.run(new Run(981, SYNC, 5,
            LocalDateTime.of(2026, 11, 2, 10, 0, 0), LocalDateTime.of(2026, 11, 2, 10, 0, 12, 345_000_000),
            1000, 1000, 998, 2, 0, null, null, CREATED, LocalDateTime.of(2026, 11, 2, 10, 0, 12, 400_000_000)))
        .run(new Run(980, SYNC, 0, null, null, null, null, null, null, null, null, null,
            CREATED.minusHours(1), CREATED.minusHours(1)))
        .run(new Run(979, SYNC, 7,
            LocalDateTime.of(2026, 11, 2, 7, 0, 0, 123_456_000), LocalDateTime.of(2026, 11, 2, 7, 0, 1, 999_999_000),
            10, 10, 0, 10, 3, NASTY_ERROR, null, CREATED.minusHours(2).withNano(999_999_000),
            CREATED.minusHours(2).withNano(999_999_000)));
    fixtures.sync(EXTREMES_SYNC, WORKSPACE).sql("""
        INSERT INTO sync_runs (id, sync_id, workspace_id, status, started_at, finished_at, created_at, updated_at)
        VALUES (903, 43, 1, 5, '2026-01-01', 'infinity', '2026-01-03', '2026-01-03'),
               (902, 43, 1, 5, '-infinity', '2026-01-01', '2026-01-02', '2026-01-02'),
               (901, 43, 1, 5, '4713-01-01 BC', '294276-12-31 23:59:59.999999', '2026-01-01', '2026-01-01')
        """);
  }

  @Test
  void bodyIsTheSeedsEnvelope() {
    HttpResponse<Buffer> response = get(runsOf(SYNC));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("data", "links");
    assertThat(body.getJsonObject("links").fieldNames()).containsExactlyInAnyOrder("self", "first", "prev", "next", "last");
    JsonArray data = body.getJsonArray("data");
    assertThat(data).hasSize(3);
    for (Object item : data) {
      JsonObject run = (JsonObject) item;
      assertThat(run.fieldNames()).containsExactlyInAnyOrder("id", "type", "attributes");
      assertThat(run.getJsonObject("attributes").fieldNames()).containsExactlyInAnyOrder(
          "sync_id", "status", "started_at", "finished_at", "duration", "total_query_rows", "skipped_rows",
          "total_rows", "successful_rows", "failed_rows", "error", "created_at", "updated_at");
    }
  }

  @Test
  void aFinishedRunHasEveryValueInItsFormat() {
    JsonObject run = get(runsOf(SYNC)).bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
    assertThat(run.getValue("id")).isEqualTo("981");
    assertThat(run.getValue("type")).isEqualTo("sync_runs");
    JsonObject expected = new JsonObject()
        .put("sync_id", 42).put("status", "success")
        .put("started_at", "2026-11-02T10:00:00.000Z").put("finished_at", "2026-11-02T10:00:12.345Z")
        .put("duration", 12.345).put("total_query_rows", 1000).put("skipped_rows", 0).put("total_rows", 1000)
        .put("successful_rows", 998).put("failed_rows", 2).putNull("error")
        .put("created_at", "2026-11-02T09:59:59.120Z").put("updated_at", "2026-11-02T10:00:12.400Z");
    assertThat(run.getJsonObject("attributes")).isEqualTo(expected);
  }

  @Test
  void integersAreJsonIntegersNotStrings() {
    String raw = get(runsOf(SYNC)).bodyAsString();
    assertThat(raw).contains("\"sync_id\":42,").contains("\"total_query_rows\":1000,").contains("\"duration\":12.345,");
  }

  @Test
  void nullColumnsAreJsonNulls() {
    JsonObject attributes = get(runsOf(SYNC)).bodyAsJsonObject().getJsonArray("data").getJsonObject(1)
        .getJsonObject("attributes");
    assertThat(attributes.getString("status")).isEqualTo("pending");
    for (String field : new String[] {"started_at", "finished_at", "duration", "total_query_rows", "skipped_rows",
        "total_rows", "successful_rows", "failed_rows", "error"}) {
      assertThat(attributes.containsKey(field)).as(field).isTrue();
      assertThat(attributes.getValue(field)).as(field).isNull();
    }
  }

  @Test
  void subMillisecondTimesAreTruncatedAndDurationKeepsMicroseconds() {
    JsonObject attributes = get(runsOf(SYNC)).bodyAsJsonObject().getJsonArray("data").getJsonObject(2)
        .getJsonObject("attributes");
    assertThat(attributes.getString("started_at")).isEqualTo("2026-11-02T07:00:00.123Z");
    assertThat(attributes.getString("finished_at")).isEqualTo("2026-11-02T07:00:01.999Z");
    assertThat(attributes.getString("created_at")).isEqualTo("2026-11-02T07:59:59.999Z");
    assertThat(attributes.getValue("duration")).isEqualTo(1.876543);
    assertThat(attributes.getString("status")).isEqualTo("failed");
    assertThat(attributes.getInteger("skipped_rows")).isEqualTo(3);
  }

  @Test
  void errorTextIsEscapedAndRoundTrips() {
    JsonObject attributes = get(runsOf(SYNC)).bodyAsJsonObject().getJsonArray("data").getJsonObject(2)
        .getJsonObject("attributes");
    assertThat(attributes.getString("error")).isEqualTo(NASTY_ERROR);
  }

  @Test
  void infiniteTimesAreNullAndTheFiniteRangeHasExactDurations() {
    for (String uri : new String[] {runsOf(EXTREMES_SYNC), runsOf(EXTREMES_SYNC) + "?per_page=500"}) {
      String raw = get(uri).bodyAsString();
      JsonArray data = new JsonObject(raw).getJsonArray("data");
      assertThat(data).as(uri).hasSize(3);
      JsonObject finishedInfinity = data.getJsonObject(0).getJsonObject("attributes");
      assertThat(finishedInfinity.getString("started_at")).isEqualTo("2026-01-01T00:00:00.000Z");
      assertThat(finishedInfinity.containsKey("finished_at")).isTrue();
      assertThat(finishedInfinity.getValue("finished_at")).as(uri).isNull();
      assertThat(finishedInfinity.getValue("duration")).as(uri).isNull();
      JsonObject startedMinusInfinity = data.getJsonObject(1).getJsonObject("attributes");
      assertThat(startedMinusInfinity.containsKey("started_at")).isTrue();
      assertThat(startedMinusInfinity.getValue("started_at")).as(uri).isNull();
      assertThat(startedMinusInfinity.getString("finished_at")).isEqualTo("2026-01-01T00:00:00.000Z");
      assertThat(startedMinusInfinity.getValue("duration")).as(uri).isNull();
      // raw: a double would not hold the duration's 19 digits
      assertThat(raw).as(uri).contains("\"started_at\":\"-4712-01-01T00:00:00.000Z\","
          + "\"finished_at\":\"+294276-12-31T23:59:59.999Z\",\"duration\":9435181535999.999999,");
    }
  }
}
