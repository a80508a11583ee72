package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.Application;
import ai.squared.syncruns.config.ConfigException;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JWKS fetch ends, read or failed, within its bound whatever the source does, so a start never
 * hangs on it; and it reads the whole document when begun from a thread outside Vert.x (as the
 * start is, by Main and by the tests).
 */
@ExtendWith(VertxExtension.class)
class JwksFetchTest {
  private static final String DOCUMENT = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\","
      + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
      + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

  @Test
  void aStartFailsInTimeWhenTheSourceAcceptsButNeverAnswers(Vertx vertx) throws Exception {
    // the kernel completes the connection; nobody ever reads the request
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertStartFailsInTime(vertx, "http://127.0.0.1:" + silent.getLocalPort() + "/jwks.json");
    }
  }

  @Test
  void aStartFailsInTimeWhenTheSourceStallsWithinTheBody(Vertx vertx) throws Exception {
    // the head comes at once (which ends the HTTP client's own timeout), the body never ends
    NetServer stalling = vertx.createNetServer().connectHandler(socket -> socket.handler(request ->
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"keys\":[")))
        .listen(0, "127.0.0.1").await();
    assertStartFailsInTime(vertx, "http://127.0.0.1:" + stalling.actualPort() + "/jwks.json");
  }

  /**
   * The body once asked for after the response had ended (the step that asks for it chained from this
   * thread, which lost the CPU meanwhile) and waited forever. A race: with that chain this failed in
   * about half the runs on two cores.
   */
  @Test
  void aSourceReadFromAThreadOutsideVertxIsReadWhole(Vertx vertx) throws Exception {
    HttpServer source = vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(DOCUMENT))
        .listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + source.actualPort() + "/jwks.json";
    // busy threads make this thread lose the CPU now and then, between its calls into the client
    AtomicBoolean busy = new AtomicBoolean(true);
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 4 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread spinner = new Thread(() -> {
        while (busy.get()) {
          Thread.onSpinWait();
        }
      });
      spinner.setDaemon(true);
      spinner.start();
      spinners.add(spinner);
    }
    try {
      for (int i = 0; i < 500; i++) {
        JwksSource opened = JwksSource.open(vertx, url).await(10, TimeUnit.SECONDS);
        assertThat(opened.holds("k1")).isTrue();
      }
    } finally {
      busy.set(false);
      for (Thread spinner : spinners) {
        spinner.join();
      }
    }
  }

  private static void assertStartFailsInTime(Vertx vertx, String url) throws Exception {
    // the database is never reached: the keys come first
    var config = TestServer.config("postgresql://u:p@127.0.0.1:1/d", Map.of("JWT_JWKS", url, "JWT_SECRET", ""));
    long started = System.nanoTime();
    Future<Application> start = Application.start(vertx, config);
    Throwable failure = start.transform(Future::succeededFuture).await(10, TimeUnit.SECONDS).cause();
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(failure).isInstanceOf(ConfigException.class)
        .hasMessageContaining("JWT_JWKS could not be read from " + url);
    assertThat(tookMs).isLessThan(6_500);
  }
}
