package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Connections that keep the server waiting for a request head are closed: HTTP_HEADER_TIMEOUT_SECONDS
 * (1 here) after they open, or that long past HTTP_IDLE_TIMEOUT_SECONDS (3 here) after a response.
 * Checked once a second, so each close comes up to a second late.
 */
class RequestHeadDeadlineTest extends ApiTestBase {
  private static final long BULKY_SYNC = 43;

  @Override
  protected Map<String, Object> settings() {
    return Map.of("HTTP_HEADER_TIMEOUT_SECONDS", 1, "HTTP_IDLE_TIMEOUT_SECONDS", 3);
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(BULKY_SYNC, WORKSPACE).bulkyRuns(BULKY_SYNC);
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (Socket socket = connect()) {
      long opened = System.nanoTime();
      assertThat(socket.getInputStream().read()).as("closed, nothing written").isEqualTo(-1);
      assertThat(secondsSince(opened)).as("the deadline's close, not the idle timeout's at 3 s").isBetween(0.9, 2.8);
    }
  }

  @Test
  void aHeadSentAByteAtATimeIsCutOff() throws Exception {
    try (Socket socket = connect()) {
      long opened = System.nanoTime();
      assertThat(dribbleUntilClosed(socket, "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ", 12))
          .as("closed while the head was still coming").isTrue();
      assertThat(secondsSince(opened)).isBetween(0.9, 2.8);
    }
  }

  @Test
  void betweenRequestsTheBoundIsTheIdleTimeoutPlusTheDeadline() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(ascii("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
      assertThat(readOneAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");
      long answered = System.nanoTime();
      assertThat(dribbleUntilClosed(socket, "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ", 14)).isTrue();
      assertThat(secondsSince(answered)).as("idle timeout + head deadline, up to a second late each")
          .isBetween(3.9, 7.0);
    }
  }

  @Test
  void aResponseThatTakesLongerThanTheDeadlineIsNotCut() throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(16 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(ascii("GET " + runsOf(BULKY_SYNC) + "?per_page=1000 HTTP/1.1\r\nHost: x\r\n"
          + "Authorization: Bearer " + Tokens.forUser(USER) + "\r\nWorkspace-Id: " + WORKSPACE + "\r\n"
          + "Connection: close\r\n\r\n"));
      long sent = System.nanoTime();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] chunk = new byte[8 * 1024];
      for (int read; (read = in.read(chunk)) != -1; ) {
        received.write(chunk, 0, read);
        // at most 8 KB each 6 ms: the 8 MB page takes longer than the idle timeout and the deadline
        // together, so a clock that ran while the answer is written would cut it
        Thread.sleep(6);
      }
      assertThat(secondsSince(sent)).as("slow enough to matter").isGreaterThan(5.5);
      String response = received.toString(StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 200");
      int headEnd = response.indexOf("\r\n\r\n");
      String body = response.substring(headEnd + 4);
      if (response.substring(0, headEnd).toLowerCase().contains("transfer-encoding: chunked")) {
        assertThat(body).as("the whole page, to its last chunk").endsWith("\r\n0\r\n\r\n");
        body = dechunk(body);
      }
      assertThat(new JsonObject(body).getJsonArray("data")).hasSize(1000);
    }
  }

  /** Reads one answer with a Content-Length body, and nothing past it. */
  private static String readOneAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next == -1) {
        break;
      }
      head.write(next);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
    assertThat(length.find()).as("a Content-Length in %s", text).isTrue();
    return text + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.US_ASCII);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Writes {@code head} and then a byte every 200 ms; true when the server closed within {@code seconds}. */
  private static boolean dribbleUntilClosed(Socket socket, String head, int seconds) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(ascii(head));
    socket.setSoTimeout(200);
    long start = System.nanoTime();
    while (secondsSince(start) < seconds) {
      try {
        if (socket.getInputStream().read() == -1) {
          return true;
        }
        throw new AssertionError("the server answered a head it never got whole");
      } catch (SocketTimeoutException stillOpen) {
        try {
          out.write('a');
        } catch (IOException reset) {
          return true;
        }
      } catch (IOException reset) {
        return true;
      }
    }
    return false;
  }

  private static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
