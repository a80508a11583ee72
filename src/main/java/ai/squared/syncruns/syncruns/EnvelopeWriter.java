package ai.squared.syncruns.syncruns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;

/**
 * Encodes the 200 envelope with Jackson's streaming generator, a row at a time:
 * {@code {"data":[} … rows … {@code ],"links":{…}}}. The caller takes the bytes written so far
 * whenever it wants to send a chunk.
 */
final class EnvelopeWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String TYPE = "sync_runs";

  private final BufferOutputStream out;
  private final JsonGenerator json;

  EnvelopeWriter(int initialCapacity) {
    this.out = new BufferOutputStream(initialCapacity);
    try {
      this.json = JSON.createGenerator(out);
      json.writeStartObject();
      json.writeArrayFieldStart("data");
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
      json.writeStringField("id", Long.toString(row.getLong(base + SyncRunColumns.ID)));
      json.writeStringField("type", TYPE);
      json.writeObjectFieldStart("attributes");
      writeInteger("sync_id", row.getLong(base + SyncRunColumns.SYNC_ID));
      json.writeStringField("status", RunStatus.apiNameOf(row.getInteger(base + SyncRunColumns.STATUS)));
      LocalDateTime startedAt = row.getLocalDateTime(base + SyncRunColumns.STARTED_AT);
      LocalDateTime finishedAt = row.getLocalDateTime(base + SyncRunColumns.FINISHED_AT);
      writeTimestamp("started_at", startedAt);
      writeTimestamp("finished_at", finishedAt);
      String duration = JsonValues.durationSeconds(startedAt, finishedAt);
      json.writeFieldName("duration");
      if (duration == null) {
        json.writeNull();
      } else {
        json.writeNumber(duration);
      }
      writeInteger("total_query_rows", row.getLong(base + SyncRunColumns.TOTAL_QUERY_ROWS));
      writeInteger("skipped_rows", row.getLong(base + SyncRunColumns.SKIPPED_ROWS));
      writeInteger("total_rows", row.getLong(base + SyncRunColumns.TOTAL_ROWS));
      writeInteger("successful_rows", row.getLong(base + SyncRunColumns.SUCCESSFUL_ROWS));
      writeInteger("failed_rows", row.getLong(base + SyncRunColumns.FAILED_ROWS));
      json.writeStringField("error", row.getString(base + SyncRunColumns.ERROR));
      writeTimestamp("created_at", row.getLocalDateTime(base + SyncRunColumns.CREATED_AT));
      writeTimestamp("updated_at", row.getLocalDateTime(base + SyncRunColumns.UPDATED_AT));
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void finish(PageLinks links) {
    try {
      json.writeEndArray();
      json.writeObjectFieldStart("links");
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

  private void writeInteger(String field, Long value) throws IOException {
    json.writeFieldName(field);
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(value);
    }
  }

  private void writeTimestamp(String field, LocalDateTime value) throws IOException {
    json.writeStringField(field, value == null ? null : JsonValues.timestamp(value));
  }

  private void flush() {
    try {
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
