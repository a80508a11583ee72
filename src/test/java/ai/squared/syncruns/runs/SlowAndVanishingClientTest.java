package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.ServerSessions;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Backpressure and release on the streamed path: a client that stops reading a large page leaves
 * the cursor paused mid-page (its transaction open, the server not buffering the rest), and when
 * it disconnects, the transaction is rolled back and the connection given back at once.
 */
class SlowAndVanishingClientTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.bulkyRuns(SYNC);
  }

  @Test
  void aStalledReaderPausesTheCursorAndADisconnectReleasesIt(Vertx vertx) throws Exception {
    // a small, fixed receive buffer: with the kernel's autotuning (up to 32 MB here) the whole page
    // could land in the client's socket buffer and the server would never need to pause
    NetSocket socket = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(32 * 1024))
        .connect(server.port(), "localhost").await();
    socket.pause();
    socket.write("GET " + runsOf(SYNC) + "?per_page=1000 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + Tokens.forUser(USER) + "\r\nWorkspace-Id: 1\r\n\r\n").await();

    assertThat(waitFor("idle in transaction", 1, Duration.ofSeconds(10)))
        .as("the page's transaction stays open, paused, while the client does not read").isTrue();
    Thread.sleep(500);
    assertThat(sessions("idle in transaction")).as("still paused half a second later").isEqualTo(1);
    assertThat(get(runsOf(SYNC) + "?per_page=5").statusCode()).as("others are served meanwhile").isEqualTo(200);
    assertThat(get(runsOf(SYNC) + "?per_page=200&page=2").statusCode()).isEqualTo(200);

    socket.close().await();
    assertThat(waitFor("idle in transaction", 0, Duration.ofSeconds(2)))
        .as("the transaction ends as soon as the client is gone").isTrue();
    assertThat(get(runsOf(SYNC) + "?per_page=5").statusCode()).isEqualTo(200);
  }

  @Test
  void clientsThatLeaveBeforeTheirPageStartsLeaveNoTransactionOpen(Vertx vertx) throws Exception {
    // each asks for a streamed page and hangs up at once: some are gone before the access check
    // returns, some before the cursor's first rows, some during them
    String request = "GET " + runsOf(SYNC) + "?per_page=1000 HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: Bearer " + Tokens.forUser(USER) + "\r\nWorkspace-Id: 1\r\n\r\n";
    for (int client = 0; client < 40; client++) {
      NetSocket socket = vertx.createNetClient().connect(server.port(), "localhost").await();
      socket.write(request).await();
      if (client % 2 == 0) {
        Thread.sleep(client % 7); // spread the hang-ups over the request's life
      }
      socket.close().await();
    }

    assertThat(waitFor("idle in transaction", 0, Duration.ofSeconds(3)))
        .as("every abandoned page's transaction has ended").isTrue();
    for (int request2 = 0; request2 < 10; request2++) {
      assertThat(get(runsOf(SYNC) + "?per_page=200").statusCode())
          .as("the pool's connections all came back (it holds 4)").isEqualTo(200);
    }
  }

  private boolean waitFor(String state, int count, Duration timeout) throws Exception {
    return new ServerSessions(server.databaseUrl()).waitFor(state, count, timeout);
  }

  private int sessions(String state) throws Exception {
    return new ServerSessions(server.databaseUrl()).count(state);
  }
}
