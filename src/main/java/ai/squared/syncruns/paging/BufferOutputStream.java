package ai.squared.syncruns.paging;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** Collects bytes into a Vert.x buffer that is handed over, and replaced, chunk by chunk. */
final class BufferOutputStream extends OutputStream {
  private final int initialCapacity;
  private Buffer buffer;

  BufferOutputStream(int initialCapacity) {
    this.initialCapacity = initialCapacity;
    this.buffer = Buffer.buffer(initialCapacity);
  }

  @Override
  public void write(int b) {
    buffer.appendByte((byte) b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    buffer.appendBytes(bytes, offset, length);
  }

  int size() {
    return buffer.length();
  }

  Buffer take() {
    Buffer taken = buffer;
    buffer = Buffer.buffer(initialCapacity);
    return taken;
  }
}
