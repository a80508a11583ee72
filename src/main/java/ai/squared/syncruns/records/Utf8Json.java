package ai.squared.syncruns.records;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * JSON text already encoded in UTF-8 (PostgreSQL's own text of a jsonb value), for Jackson's
 * {@code writeRawValue}: its bytes are copied into the answer as they came from the database, with no
 * decoding to a Java string and no encoding back. Jackson's generator copies them with
 * {@link #appendUnquotedUTF8} when they fit its buffer, else takes them with {@link #asUnquotedUTF8};
 * the other forms go through the decoded text, and are never asked for by the generator.
 */
final class Utf8Json implements SerializableString {
  private final Buffer utf8;
  private SerializedString decoded;

  Utf8Json(Buffer utf8) {
    this.utf8 = utf8;
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    int length = utf8.length();
    if (offset + length > buffer.length) {
      return -1;
    }
    utf8.getBytes(buffer, offset);
    return length;
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return utf8.getBytes();
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws IOException {
    byte[] bytes = utf8.getBytes();
    out.write(bytes);
    return bytes.length;
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    int length = utf8.length();
    if (length > buffer.remaining()) {
      return -1;
    }
    buffer.put(utf8.getBytes());
    return length;
  }

  @Override
  public String getValue() {
    return text().getValue();
  }

  @Override
  public int charLength() {
    return text().charLength();
  }

  @Override
  public char[] asQuotedChars() {
    return text().asQuotedChars();
  }

  @Override
  public byte[] asQuotedUTF8() {
    return text().asQuotedUTF8();
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    return text().appendQuotedUTF8(buffer, offset);
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    return text().appendQuoted(buffer, offset);
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    return text().appendUnquoted(buffer, offset);
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) throws IOException {
    return text().writeQuotedUTF8(out);
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
    return text().putQuotedUTF8(buffer);
  }

  private SerializedString text() {
    if (decoded == null) {
      decoded = new SerializedString(utf8.toString(StandardCharsets.UTF_8));
    }
    return decoded;
  }
}
