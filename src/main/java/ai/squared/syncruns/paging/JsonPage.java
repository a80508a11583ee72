package ai.squared.syncruns.paging;

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
 * The JSON of one answer, encoded with Jackson's streaming generator as it goes: a page
 * ({@code {"data":[} … items … {@code ],"links":{…}}}) or one resource ({@code {"data": item}}). The
 * caller takes the bytes written so far whenever it wants to send a chunk. Field names and fixed
 * values are encoded once ({@link SerializedString}); timestamps are written as ready JSON values
 * (digits only, nothing to escape); text from the database always goes through Jackson's escaping.
 */
public final class JsonPage {
  private static final JsonFactory JSON = new JsonFactory();
  private static final SerializableString DATA = name("data");
  private static final SerializableString LINKS = name("links");
  private static final SerializableString ID = name("id");
  private static final SerializableString TYPE = name("type");
  private static final SerializableString ATTRIBUTES = name("attributes");

  private final BufferOutputStream out;
  private final JsonGenerator json;
  private final char[] timestamp = new char[JsonValues.QUOTED_TIMESTAMP_LENGTH];

  /** How one endpoint writes its rows as items, in the order it promises. */
  public interface Items {
    void write(JsonPage page, Row row) throws IOException;
  }

  private JsonPage(int initialCapacity, boolean list) {
    this.out = new BufferOutputStream(initialCapacity);
    try {
      this.json = JSON.createGenerator(out);
      json.writeStartObject();
      json.writeFieldName(DATA);
      if (list) {
        json.writeStartArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A page of items: {@link #add} each, then {@link #finish}. */
  public static JsonPage list(int initialCapacity) {
    return new JsonPage(initialCapacity, true);
  }

  /** One resource: {@link #add} it, then {@link #finishOne}. */
  public static JsonPage one(int initialCapacity) {
    return new JsonPage(initialCapacity, false);
  }

  public static SerializableString name(String text) {
    return new SerializedString(text);
  }

  public void add(Items items, Row row) {
    try {
      items.write(this, row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonGenerator json() {
    return json;
  }

  /** {@code {"id":"<id>","type":<type>,"attributes":{}: what every item starts with; the caller closes both objects. */
  public void startItem(long id, SerializableString type) throws IOException {
    json.writeStartObject();
    json.writeFieldName(ID);
    json.writeString(Long.toString(id));
    json.writeFieldName(TYPE);
    json.writeString(type);
    json.writeFieldName(ATTRIBUTES);
    json.writeStartObject();
  }

  /**
   * A column the platform declares {@code integer} and this project may declare {@code bigint}: the
   * decoded Integer or Long as it is, with no conversion on the way; null when the column is NULL.
   */
  public void integer(SerializableString field, Object value) throws IOException {
    json.writeFieldName(field);
    if (value == null) {
      json.writeNull();
    } else {
      json.writeNumber(((Number) value).longValue());
    }
  }

  /**
   * Writes the timestamp, or {@code null} when the column is NULL or PostgreSQL's {@code infinity} or
   * {@code -infinity}; true when it wrote a time.
   */
  public boolean timestamp(SerializableString field, LocalDateTime value) throws IOException {
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

  /** Bytes encoded and not yet taken (after flushing the generator's own buffer). */
  public int pendingBytes() {
    flush();
    return out.size();
  }

  public Buffer take() {
    flush();
    return out.take();
  }

  /** Ends a page with its links. */
  public void finish(PageLinks links) {
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

  /** Ends one resource; returns the whole answer. */
  public Buffer finishOne() {
    try {
      json.writeEndObject();
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return take();
  }

  private void flush() {
    try {
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
