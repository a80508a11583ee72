package io.vertx.pgclient.impl.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The vendored decoder (see its header) keeps only the bytes it has not decoded yet, however long
 * the reads go on ending in the middle of a message, as they do on a busy pipelined connection.
 */
class PgDecoderRetentionTest {
  /** A notice of 257 bytes read 1,000 bytes at a time: no read ends on a message boundary before the 257th. */
  private static final int READ = 1_000;
  private static final int READS = 250;

  @Test
  void whatWasDecodedIsNotKeptWhileReadsEndInTheMiddleOfAMessage() throws Exception {
    PgDecoder decoder = new PgDecoder(new PgCodec(false));
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    byte[] notice = notice(257);
    byte[] stream = new byte[READ * READS];
    for (int at = 0; at < stream.length; at += notice.length) {
      System.arraycopy(notice, 0, stream, at, Math.min(notice.length, stream.length - at));
    }
    int mostKept = 0;
    for (int read = 0; read < READS; read++) {
      channel.writeInbound(Unpooled.wrappedBuffer(stream, read * READ, READ));
      mostKept = Math.max(mostKept, kept(decoder));
    }
    assertThat(channel.inboundMessages()).hasSize(READ * READS / notice.length)
        .allSatisfy(message -> assertThat(((NoticeResponse) message).getMessage()).startsWith("xxx"));
    // the original keeps every read since the last one that ended on a boundary: here all 250 KB
    assertThat(mostKept).as("bytes held by the decoder at most").isLessThan(4 * READ);
    channel.finishAndReleaseAll();
  }

  /** A NoticeResponse message ('N') of exactly {@code size} bytes: severity, then a message of x's. */
  private static byte[] notice(int size) {
    ByteBuf message = Unpooled.buffer(size);
    message.writeByte('N').writeInt(size - 1);
    message.writeByte('S').writeBytes("NOTICE".getBytes(StandardCharsets.US_ASCII)).writeByte(0);
    message.writeByte('M');
    while (message.writerIndex() < size - 2) {
      message.writeByte('x');
    }
    message.writeByte(0).writeByte(0);
    assertThat(message.readableBytes()).isEqualTo(size);
    return message.array();
  }

  /** The capacity of the buffer the decoder holds between reads. */
  private static int kept(PgDecoder decoder) throws ReflectiveOperationException {
    Field in = PgDecoder.class.getDeclaredField("in");
    in.setAccessible(true);
    ByteBuf held = (ByteBuf) in.get(decoder);
    return held == null ? 0 : held.capacity();
  }
}
