package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.Application;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.ServerSessions;
import ai.squared.syncruns.support.TcpProxy;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A database that stops answering without closing anything (a network partition, a frozen host):
 * neither the pool's bound nor PostgreSQL's statement timeout can fire, yet every request is a 503
 * within DB_STATEMENT_TIMEOUT_MS (the server keeps that time itself), the readiness probe says so
 * within the same bound, and service resumes by itself once the database answers again.
 */
@ExtendWith(VertxExtension.class)
class SilentDatabaseTest {
  private static final String SMALL = "/api/v1/syncs/42/sync_runs";
  private static final String STREAMED = "/api/v1/syncs/42/sync_runs?per_page=500";
  /** A request's bound 500 ms (a connection's wait 300 ms); a streamed page's client may stall for 1 s. */
  private static final Map<String, Object> SETTINGS = Map.of("DB_CONNECT_TIMEOUT_MS", "300",
      "DB_STATEMENT_TIMEOUT_MS", "500", "STREAM_STALL_TIMEOUT_MS", "1000", "RETRY_AFTER_SECONDS", "3");

  /**
   * A server on a new database reached through a relay the test can freeze; the database holds user
   * 1, workspace 1 and its sync 42, and what {@code seed} adds.
   */
  private record Relayed(String direct, TcpProxy proxy, TestServer server) implements AutoCloseable {
    static Relayed start(Vertx vertx, Consumer<Fixtures> seed) throws Exception {
      String direct = TestDatabase.server().createDatabase();
      TcpProxy proxy = TcpProxy.startInFrontOf(vertx, direct);
      TestServer server = TestServer.start(vertx, proxy.url(), SETTINGS); // applies the migrations
      try (Fixtures fixtures = new Fixtures(direct)) {
        seed.accept(fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1));
      }
      return new Relayed(direct, proxy, server);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @Test
  void aSilentDatabaseIsA503WithinTheBoundAndServiceResumes(Vertx vertx) throws Exception {
    try (Relayed relayed = Relayed.start(vertx, fixtures -> {
      for (long id = 1; id <= 120; id++) {
        fixtures.run(Run.of(id, 42));
      }
    })) {
      TestServer server = relayed.server();
      TcpProxy proxy = relayed.proxy();
      assertThat(get(server, SMALL).statusCode()).isEqualTo(200);
      assertThat(get(server, STREAMED).statusCode()).isEqualTo(200);

      proxy.freeze();
      for (String uri : new String[] {SMALL, STREAMED}) {
        long started = System.nanoTime();
        HttpResponse<Buffer> response = get(server, uri);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(response.statusCode()).as(uri).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("3");
        assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("service_unavailable");
        // at most the bound (0.5 s here) and the test's own slack
        assertThat(elapsedMs).as("%s answered after", uri).isLessThan(2_000L);
      }
      long probed = System.nanoTime();
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(503);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probed)).isLessThan(2_000L);

      proxy.thaw();
      assertThat(get(server, SMALL).statusCode()).isEqualTo(200);
      assertThat(get(server, STREAMED).statusCode()).isEqualTo(200);
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(200);
      assertThat(new ServerSessions(relayed.direct()).waitFor("idle in transaction", 0, Duration.ofSeconds(3)))
          .as("the abandoned streamed page's transaction ended once its rows came").isTrue();
    }
  }

  @Test
  void aDatabaseThatFallsSilentMidPageCutsThePageOffAndServiceResumes(Vertx vertx) throws Exception {
    try (Relayed relayed = Relayed.start(vertx, fixtures -> fixtures.bulkyRuns(42))) {
      TestServer server = relayed.server();
      TcpProxy proxy = relayed.proxy();
      NetSocket socket = vertx.createNetClient().connect(server.port(), "localhost").await();
      Buffer received = Buffer.buffer();
      Promise<Void> firstBytes = Promise.promise();
      Promise<Long> closed = Promise.promise();
      socket.handler(bytes -> {
        received.appendBuffer(bytes);
        firstBytes.tryComplete();
      });
      socket.closeHandler(v -> closed.tryComplete(System.nanoTime()));
      socket.write("GET /api/v1/syncs/42/sync_runs?per_page=1000 HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + Tokens.forUser(1) + "\r\nWorkspace-Id: 1\r\n\r\n").await();
      firstBytes.future().await(10, TimeUnit.SECONDS);
      proxy.freeze(); // the status line is out, 9 of the page's 10 fetches are not
      long frozen = System.nanoTime();

      long cutAfterMs = TimeUnit.NANOSECONDS.toMillis(closed.future().await(10, TimeUnit.SECONDS) - frozen);
      assertThat(cutAfterMs).as("the page is cut off once the database has sent nothing for 0.5 s")
          .isBetween(400L, 3_000L);
      assertThat(received.toString()).startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");

      proxy.thaw();
      assertThat(get(server, SMALL).statusCode()).isEqualTo(200);
      assertThat(get(server, "/api/v1/syncs/42/sync_runs?per_page=150").statusCode()).isEqualTo(200);
      assertThat(new ServerSessions(relayed.direct()).waitFor("idle in transaction", 0, Duration.ofSeconds(5)))
          .as("the cut-off page's transaction ended").isTrue();
    }
  }

  private static HttpResponse<Buffer> get(TestServer server, String uri) throws Exception {
    Future<HttpResponse<Buffer>> answer = server.client().get(uri)
        .putHeader("Authorization", "Bearer " + Tokens.forUser(1)).putHeader("Workspace-Id", "1").send();
    return answer.await(10, TimeUnit.SECONDS);
  }

  /**
   * A database that lets the server log in, then answers nothing: the start's first query is bounded
   * like a readiness probe (500 ms, five attempts), so the start fails in seconds. It waited for ever
   * before: the pool bounds only the wait for a connection.
   */
  @Test
  void aDatabaseSilentAfterTheLoginStopsTheStartWithinItsBound(Vertx vertx) throws Exception {
    NetServer database = vertx.createNetServer().connectHandler(socket -> socket.handler(startupMessage -> {
      socket.handler(ignored -> { });
      socket.write(LOGGED_IN);
    })).listen(0, "127.0.0.1").await();
    long started = System.nanoTime();
    Throwable failure = Application.start(vertx, TestServer.config(
        "postgresql://u:p@127.0.0.1:" + database.actualPort() + "/db", SETTINGS)).toCompletionStage()
        .toCompletableFuture().handle((application, error) -> error).get(60, TimeUnit.SECONDS);
    assertThat(failure).hasMessageContaining("unreachable").hasMessageContaining("did not answer within 500 ms");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(20);
  }

  /** AuthenticationOk, the two parameters the client needs, ReadyForQuery: a session, logged in. */
  private static final Buffer LOGGED_IN = Buffer.buffer()
      .appendByte((byte) 'R').appendInt(8).appendInt(0)
      .appendBuffer(parameterStatus("client_encoding", "UTF8"))
      .appendBuffer(parameterStatus("server_version", "15.0"))
      .appendByte((byte) 'Z').appendInt(5).appendByte((byte) 'I');

  private static Buffer parameterStatus(String name, String value) {
    Buffer body = Buffer.buffer().appendString(name).appendByte((byte) 0).appendString(value).appendByte((byte) 0);
    return Buffer.buffer().appendByte((byte) 'S').appendInt(4 + body.length()).appendBuffer(body);
  }
}
