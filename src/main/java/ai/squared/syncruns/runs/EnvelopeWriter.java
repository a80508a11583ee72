package ai.squared.syncruns.runs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;

/**
 * Encodes the 200 envelope with Jackson's streaming generator, a row at a time:
 * {@code {"data":[} … rows … {@code ],"links":{…}}}. The caller takes the bytes written so far
 * whenever it wants to send a chunk. Field names and fixed values are encoded once (Jackson's
 * {@link SerializedString}); timestamps are written as ready JSON values (digits only, nothing to
 * escape). Text that comes from the database ({@code error}) always goes through Jackson's escaping.
 */
final class EnvelopeWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final SerializableString DATA = name("data");
  private static final SerializableString ID = name("id");
  private static final SerializableString TYPE = name("type");
  private static final SerializableString SYNC_RUNS = name("sync_runs");
  private static final SerializableString ATTRIBUTES = name("attributes");
  private static final SerializableString SYNC_ID = name("sync_id");
  private static final SerializableString STATUS = name("status");
  private static final SerializableString STARTED_AT = name("started_at");
  private static final SerializableString FINISHED_AT = name("finished_at");
  private static final SerializableString DURATION = name("duration");
  private static final SerializableString TOTAL_QUERY_ROWS = name("total_query_rows");
  private static final SerializableString SKIPPED_ROWS = name("skipped_rows");
  private static final SerializableString TOTAL_ROWS = name("total_rows");
  private static final SerializableString SUCCESSFUL_ROWS = name("successful_rows");
  private static final SerializableString FAILED_ROWS = name("failed_rows");
  private static final SerializableString ERROR = name("error");
  private static final SerializableString CREATED_AT = name("created_at");
  private static final SerializableString UPDATED_AT = name("updated_at");
  private static final SerializableString LINKS = name("links");
  private static final SerializableString[] STATUS_NAMES = statusNames();

  private final BufferOutputStream out;
  private final JsonGenerator json;
  private final char[] timestamp = new char[JsonValues.QUOTED_TIMESTAMP_LENGTH];
  private final char[] duration = new char[JsonValues.DURATION_MAX_LENGTH];

  EnvelopeWriter(int initialCapacity) {
    this.out = new BufferOutputStream(initialCapacity);
    try {
      this.json = JSON.createGenerator(out);
      json.writeStartObject();
      json.writeFieldName(DATA);
      json.writeStartArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes encoded and not yet taken (after flushing the generator's own buffer). */
  int pendingBytes() {
    flush();
    return out.size();
  }

  Buffer take() {
    flush();
    return out.take();
  }

  /** Writes one run whose columns start at {@code base} in the row, in {@link SyncRunColumns} order. */
  void writeRun(Row row, int base) {
    try {
      json.writeStartObject();
      json.writeFieldName(ID);
      json.writeString(Long.toString(row.getLong(base + SyncRunColumns.ID)));
      json.writeFieldName(TYPE);
      json.writeString(SYNC_RUNS);
      json.writeFieldName(ATTRIBUTES);
      json.writeStartObject();
      writeInteger(SYNC_ID, row.getValue(base + SyncRunColumns.SYNC_ID));
      writeStatus(row.getInteger(base + SyncRunColumns.STATUS));
      LocalDateTime startedAt = row.getLocalDateTime(base + SyncRunColumns.STARTED_AT);
      LocalDateTime finishedAt = row.getLocalDateTime(base + SyncRunColumns.FINISHED_AT);
      boolean started = writeTimestamp(STARTED_AT, startedAt);
      boolean finished = writeTimestamp(FINISHED_AT, finishedAt);
      json.writeFieldName(DURATION);
      if (started && finished) {
        json.writeNumber(duration, 0, JsonValues.writeDuration(startedAt, finishedAt, duration));
      } else {
        json.writeNull();
      }
      writeInteger(TOTAL_QUERY_ROWS, row.getValue(base + SyncRunColumns.TOTAL_QUERY_ROWS));
      writeInteger(SKIPPED_ROWS, row.getValue(base + SyncRunColumns.SKIPPED_ROWS));
      writeInteger(TOTAL_ROWS, row.getValue(base + SyncRunColumns.TOTAL_ROWS));
      writeInteger(SUCCESSFUL_ROWS, row.getValue(base + SyncRunColumns.SUCCESSFUL_ROWS));
      writeInteger(FAILED_ROWS, row.getValue(base + SyncRunColumns.FAILED_ROWS));
      json.writeFieldName(ERROR);
      json.writeString(row.getString(base + SyncRunColumns.ERROR));
      writeTimestamp(CREATED_AT, row.getLocalDateTime(base + SyncRunColumns.CREATED_AT));
      writeTimestamp(UPDATED_AT, row.getLocalDateTime(base + SyncRunColumns.UPDATED_AT));
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void finish(PageLinks links) {
    try {
      json.writeEndArray();
      json.writeFieldName(LINKS);
      json.writeStartObject();
      json.writeStringField("self", links.self());
      json.writeStringField("first", links.first());
      json.writeStringField("prev", links.prev());
      json.writeStringField("next", links.next());
      json.writeStringField("last", links.last());
      json.writeEndObject();
      json.writeEndObject();
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A status column that is NULL, or holds a code outside the platform's enum, is written as
   * {@code null}, as the platform's own serializer does: the contract's enum has no other name for it.
   */
  private void writeStatus(Integer code) throws IOException {
    json.writeFieldName(STATUS);
    if (code != null && code >= 0 && code < STATUS_NAMES.length) {
      json.writeString(STATUS_NAMES[code]);
    } else {
      json.writeNull();
    }
  }

  /**
   * A column the platform declares {@code integer} and this project may declare {@code bigint}: the
   * decoded Integer or Long as it is, with no conversion (and no boxing) on the way.
   */
  private void writeInteger(SerializableString field, Object value) throws IOException {
    json.writeFieldName(field);
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(((Number) value).longValue());
    }
  }

  /**
   * Writes the timestamp, or {@code null} when the column is NULL or PostgreSQL's {@code infinity} or
   * {@code -infinity}; true when it wrote a time, one a duration can be computed from.
   */
  private boolean writeTimestamp(SerializableString field, LocalDateTime value) throws IOException {
    json.writeFieldName(field);
    if (value == null) {
      json.writeNull();
      return false;
    }
    if (JsonValues.writeQuotedTimestamp(value, timestamp)) {
      json.writeRawValue(timestamp, 0, timestamp.length);
      return true;
    }
    String text = JsonValues.timestamp(value);
    if (text == null) {
      json.writeNull();
      return false;
    }
    json.writeString(text);
    return true;
  }

  private void flush() {
    try {
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SerializableString name(String text) {
    return new SerializedString(text);
  }

  private static SerializableString[] statusNames() {
    RunStatus[] statuses = RunStatus.values();
    SerializableString[] names = new SerializableString[statuses.length];
    for (RunStatus status : statuses) {
      names[status.code()] = name(status.apiName());
    }
    return names;
  }
}
