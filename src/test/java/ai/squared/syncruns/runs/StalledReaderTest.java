package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.ServerSessions;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading a streamed page is cut off after STREAM_STALL_TIMEOUT_MS: its
 * connection is closed, and the page's transaction and database connection are given back, where
 * without the bound they stay for as long as the client stays connected.
 */
class StalledReaderTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("STREAM_STALL_TIMEOUT_MS", "600");
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.bulkyRuns(SYNC);
  }

  @Test
  void aReaderThatTakesNothingIsCutOffAndItsTransactionEnds(Vertx vertx) throws Exception {
    ServerSessions sessions = new ServerSessions(server.databaseUrl());
    NetSocket socket = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(32 * 1024))
        .connect(server.port(), "localhost").await();
    Promise<Void> closed = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    socket.closeHandler(v -> closed.tryComplete());
    socket.pause();
    socket.write("GET " + runsOf(SYNC) + "?per_page=1000 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + Tokens.forUser(USER) + "\r\nWorkspace-Id: 1\r\n\r\n").await();

    assertThat(sessions.waitFor("idle in transaction", 1, Duration.ofSeconds(10)))
        .as("the cursor is paused for the client that does not read").isTrue();
    long paused = System.nanoTime();
    assertThat(sessions.waitFor("idle in transaction", 0, Duration.ofSeconds(5)))
        .as("the transaction ends once the client has taken nothing for 600 ms").isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused)).isGreaterThanOrEqualTo(400);
    assertThat(get(runsOf(SYNC) + "?per_page=200").statusCode()).as("the connection came back").isEqualTo(200);

    // what the server had sent before it gave up is still on its way; then the connection ends
    socket.resume();
    closed.future().await(10, TimeUnit.SECONDS);
    assertThat(received.toString()).startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");
  }
}
