package ai.squared.syncruns.runs;

import ai.squared.syncruns.paging.JsonPage;
import ai.squared.syncruns.paging.JsonValues;
import ai.squared.syncruns.paging.RowOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.time.LocalDateTime;

/**
 * One run as the API writes it (SPEC §1): {@code id} as a string, {@code type} {@code sync_runs}, the
 * 13 attributes. The same for the list and for one run. Rows of a page must come newest first: each
 * is checked ({@link RowOrder}), so a page in another order fails instead of being answered.
 */
final class RunJson implements JsonPage.Items {
  private static final SerializableString SYNC_RUNS = JsonPage.name("sync_runs");
  private static final SerializableString SYNC_ID = JsonPage.name("sync_id");
  private static final SerializableString STATUS = JsonPage.name("status");
  private static final SerializableString STARTED_AT = JsonPage.name("started_at");
  private static final SerializableString FINISHED_AT = JsonPage.name("finished_at");
  private static final SerializableString DURATION = JsonPage.name("duration");
  private static final SerializableString TOTAL_QUERY_ROWS = JsonPage.name("total_query_rows");
  private static final SerializableString SKIPPED_ROWS = JsonPage.name("skipped_rows");
  private static final SerializableString TOTAL_ROWS = JsonPage.name("total_rows");
  private static final SerializableString SUCCESSFUL_ROWS = JsonPage.name("successful_rows");
  private static final SerializableString FAILED_ROWS = JsonPage.name("failed_rows");
  private static final SerializableString ERROR = JsonPage.name("error");
  private static final SerializableString CREATED_AT = JsonPage.name("created_at");
  private static final SerializableString UPDATED_AT = JsonPage.name("updated_at");
  private static final SerializableString[] STATUS_NAMES = statusNames();

  private final int base;
  private final RowOrder order = RowOrder.newestFirst();
  private final char[] duration = new char[JsonValues.DURATION_MAX_LENGTH];

  /** @param base where the run's columns start in the row, in {@link SyncRunColumns} order */
  RunJson(int base) {
    this.base = base;
  }

  @Override
  public void write(JsonPage page, Row row) throws IOException {
    LocalDateTime createdAt = row.getLocalDateTime(base + SyncRunColumns.CREATED_AT);
    long id = row.getLong(base + SyncRunColumns.ID);
    order.check(createdAt, id);
    JsonGenerator json = page.json();
    page.startItem(id, SYNC_RUNS);
    page.integer(SYNC_ID, row.getValue(base + SyncRunColumns.SYNC_ID));
    writeStatus(json, row.getInteger(base + SyncRunColumns.STATUS));
    LocalDateTime startedAt = row.getLocalDateTime(base + SyncRunColumns.STARTED_AT);
    LocalDateTime finishedAt = row.getLocalDateTime(base + SyncRunColumns.FINISHED_AT);
    boolean started = page.timestamp(STARTED_AT, startedAt);
    boolean finished = page.timestamp(FINISHED_AT, finishedAt);
    json.writeFieldName(DURATION);
    if (started && finished) {
      json.writeNumber(duration, 0, JsonValues.writeDuration(startedAt, finishedAt, duration));
    } else {
      json.writeNull();
    }
    page.integer(TOTAL_QUERY_ROWS, row.getValue(base + SyncRunColumns.TOTAL_QUERY_ROWS));
    page.integer(SKIPPED_ROWS, row.getValue(base + SyncRunColumns.SKIPPED_ROWS));
    page.integer(TOTAL_ROWS, row.getValue(base + SyncRunColumns.TOTAL_ROWS));
    page.integer(SUCCESSFUL_ROWS, row.getValue(base + SyncRunColumns.SUCCESSFUL_ROWS));
    page.integer(FAILED_ROWS, row.getValue(base + SyncRunColumns.FAILED_ROWS));
    json.writeFieldName(ERROR);
    json.writeString(row.getString(base + SyncRunColumns.ERROR));
    page.timestamp(CREATED_AT, createdAt);
    page.timestamp(UPDATED_AT, row.getLocalDateTime(base + SyncRunColumns.UPDATED_AT));
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * A status column that is NULL, or holds a code outside the platform's enum, is written as
   * {@code null}, as the platform's own serializer does: the contract's enum has no other name for it.
   */
  private static void writeStatus(JsonGenerator json, Integer code) throws IOException {
    json.writeFieldName(STATUS);
    if (code != null && code >= 0 && code < STATUS_NAMES.length) {
      json.writeString(STATUS_NAMES[code]);
    } else {
      json.writeNull();
    }
  }

  private static SerializableString[] statusNames() {
    RunStatus[] statuses = RunStatus.values();
    SerializableString[] names = new SerializableString[statuses.length];
    for (RunStatus status : statuses) {
      names[status.code()] = JsonPage.name(status.apiName());
    }
    return names;
  }
}
