package ai.squared.syncruns.runs;

import static ai.squared.syncruns.paging.JsonValuesTest.PG_EARLIEST;
import static ai.squared.syncruns.paging.JsonValuesTest.PG_LATEST;
import static ai.squared.syncruns.paging.JsonValuesTest.VERTX_MINUS_INFINITY;
import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.paging.JsonPage;
import ai.squared.syncruns.paging.PageLinks;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.internal.ArrayTuple;
import java.time.LocalDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The timestamps and duration of one run, as {@link RunJson} writes them from a decoded row. */
class RunJsonTest {
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0, 0);

  /** A decoded row in {@link SyncRunColumns} order, as the PostgreSQL client hands it over. */
  private static final class TestRow extends ArrayTuple implements Row {
    TestRow(Object... values) {
      super(Arrays.asList(values));
    }

    @Override
    public String getColumnName(int pos) {
      return null;
    }

    @Override
    public int getColumnIndex(String name) {
      return -1;
    }
  }

  /** The raw JSON of the run's attributes. */
  private static String attributes(LocalDateTime started, LocalDateTime finished, LocalDateTime created) {
    JsonPage page = JsonPage.list(1024);
    page.add(new RunJson(0), new TestRow(1L, 42, 5, started, finished, 1, 0, 1, 1, 0, null, created, created));
    page.finish(new PageLinks("s", "f", null, null, "l"));
    String body = page.take().toString();
    new JsonObject(body); // valid JSON
    return body.substring(body.indexOf("\"attributes\":") + 13, body.indexOf("}"));
  }

  @Test
  void aNormalRunIsUnchanged() {
    assertThat(attributes(T, T.plusSeconds(12).plusNanos(345_678_000), T)).contains(
        "\"started_at\":\"2026-11-02T10:00:00.000Z\",\"finished_at\":\"2026-11-02T10:00:12.345Z\","
            + "\"duration\":12.345678,")
        .contains("\"created_at\":\"2026-11-02T10:00:00.000Z\"");
  }

  @Test
  void infiniteEndsAreNullAndSoIsTheDuration() {
    assertThat(attributes(T, LocalDateTime.MAX, T))
        .contains("\"started_at\":\"2026-11-02T10:00:00.000Z\",\"finished_at\":null,\"duration\":null,");
    assertThat(attributes(VERTX_MINUS_INFINITY, T, T))
        .contains("\"started_at\":null,\"finished_at\":\"2026-11-02T10:00:00.000Z\",\"duration\":null,");
    assertThat(attributes(LocalDateTime.MIN, LocalDateTime.MAX, LocalDateTime.MAX))
        .contains("\"started_at\":null,\"finished_at\":null,\"duration\":null,")
        .contains("\"created_at\":null,\"updated_at\":null");
  }

  @Test
  void postgresqlsExtremeFiniteTimesAreWrittenWithTheirExactDuration() {
    assertThat(attributes(PG_EARLIEST, PG_LATEST, T)).contains("\"started_at\":\"-4712-01-01T00:00:00.000Z\","
        + "\"finished_at\":\"+294276-12-31T23:59:59.999Z\",\"duration\":9435181535999.999999,");
  }
}
