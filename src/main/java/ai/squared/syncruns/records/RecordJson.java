package ai.squared.syncruns.records;

import ai.squared.syncruns.paging.JsonPage;
import ai.squared.syncruns.paging.RowOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.time.LocalDateTime;

/**
 * One record as the API writes it (SPEC §6): {@code id} as a string, {@code type} {@code sync_records},
 * the 8 attributes in order. {@code record} and {@code logs} are PostgreSQL's own text of the stored
 * JSON, in UTF-8, written byte for byte: no number goes through a double, no string is decoded or
 * escaped again, nesting and key order are PostgreSQL's (its text is valid JSON). Rows must come
 * oldest first ({@link RowOrder}).
 */
final class RecordJson implements JsonPage.Items {
  static final int ID = 0;
  static final int SYNC_ID = 1;
  static final int SYNC_RUN_ID = 2;
  static final int RECORD = 3;
  static final int STATUS = 4;
  static final int ACTION = 5;
  static final int LOGS = 6;
  static final int CREATED_AT = 7;
  static final int UPDATED_AT = 8;

  private static final SerializableString SYNC_RECORDS = JsonPage.name("sync_records");
  private static final SerializableString SYNC_ID_FIELD = JsonPage.name("sync_id");
  private static final SerializableString SYNC_RUN_ID_FIELD = JsonPage.name("sync_run_id");
  private static final SerializableString RECORD_FIELD = JsonPage.name("record");
  private static final SerializableString STATUS_FIELD = JsonPage.name("status");
  private static final SerializableString ACTION_FIELD = JsonPage.name("action");
  private static final SerializableString LOGS_FIELD = JsonPage.name("logs");
  private static final SerializableString CREATED_AT_FIELD = JsonPage.name("created_at");
  private static final SerializableString UPDATED_AT_FIELD = JsonPage.name("updated_at");
  private static final SerializableString[] STATUSES = names("pending", "success", "failed");
  private static final SerializableString[] ACTIONS = names("destination_insert", "destination_update");

  private final int base;
  private final RowOrder order = RowOrder.oldestFirst();

  /** @param base where the record's columns start in the row */
  RecordJson(int base) {
    this.base = base;
  }

  @Override
  public void write(JsonPage page, Row row) throws IOException {
    LocalDateTime createdAt = row.getLocalDateTime(base + CREATED_AT);
    long id = row.getLong(base + ID);
    order.check(createdAt, id);
    JsonGenerator json = page.json();
    page.startItem(id, SYNC_RECORDS);
    page.integer(SYNC_ID_FIELD, row.getValue(base + SYNC_ID));
    page.integer(SYNC_RUN_ID_FIELD, row.getValue(base + SYNC_RUN_ID));
    storedJson(json, RECORD_FIELD, row.getBuffer(base + RECORD));
    named(json, STATUS_FIELD, row.getInteger(base + STATUS), STATUSES);
    named(json, ACTION_FIELD, row.getInteger(base + ACTION), ACTIONS);
    storedJson(json, LOGS_FIELD, row.getBuffer(base + LOGS));
    page.timestamp(CREATED_AT_FIELD, createdAt);
    page.timestamp(UPDATED_AT_FIELD, row.getLocalDateTime(base + UPDATED_AT));
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * PostgreSQL's text of a jsonb value in UTF-8, as it is; null for SQL NULL (a JSON null's text is
   * {@code null} too).
   */
  private static void storedJson(JsonGenerator json, SerializableString field, Buffer utf8) throws IOException {
    json.writeFieldName(field);
    if (utf8 == null) {
      json.writeNull();
    } else {
      json.writeRawValue(new Utf8Json(utf8));
    }
  }

  /** An enum column's name; null when the column is NULL or holds a code the platform does not name. */
  private static void named(JsonGenerator json, SerializableString field, Integer code, SerializableString[] names)
      throws IOException {
    json.writeFieldName(field);
    if (code != null && code >= 0 && code < names.length) {
      json.writeString(names[code]);
    } else {
      json.writeNull();
    }
  }

  private static SerializableString[] names(String... names) {
    SerializableString[] encoded = new SerializableString[names.length];
    for (int i = 0; i < names.length; i++) {
      encoded[i] = JsonPage.name(names[i]);
    }
    return encoded;
  }
}
