package ai.squared.syncruns.http;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections that keep a server waiting for a request head. Vert.x 5.0.7 has no
 * header-read timeout, and its idle timeout restarts with every byte, so a client that sends its
 * headers a byte at a time (slowloris) would otherwise keep its connection for as long as it likes.
 *
 * <p>A connection must deliver its first complete head within HTTP_HEADER_TIMEOUT_SECONDS of
 * opening, and each later one within HTTP_IDLE_TIMEOUT_SECONDS plus that much after the previous
 * response ended (no bound between requests when the idle timeout is off: the operator asked to keep
 * idle connections). A request in progress is never cut, and a close lets what was already written
 * reach the client first. Checked once a second on the server's event loop, where the connection's
 * events arrive too.
 *
 * <p>HTTP/1 only: with HTTP2_CLEARTEXT on, Vert.x reports a connection only once its first head has
 * arrived, so there is nothing to time, and the deadline is off.
 */
final class RequestHeadDeadline {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);
  private static final long CHECK_PERIOD_MS = 1_000;

  private final long firstHeadNanos;
  private final long nextHeadNanos;
  private final Map<HttpConnection, ConnectionClock> clocks = new IdentityHashMap<>();

  private RequestHeadDeadline(long firstHeadNanos, long nextHeadNanos) {
    this.firstHeadNanos = firstHeadNanos;
    this.nextHeadNanos = nextHeadNanos;
  }

  /**
   * Puts {@code server}'s connections under the deadline, when the configuration has one, and
   * returns the request handler to give the server: {@code requests}, told of each request first.
   */
  static Handler<HttpServerRequest> install(Vertx vertx, AppConfig config, HttpServer server,
                                          Handler<HttpServerRequest> requests) {
    if (config.httpHeaderTimeoutSeconds() == 0 || config.http2Cleartext()) {
      return requests;
    }
    long first = TimeUnit.SECONDS.toNanos(config.httpHeaderTimeoutSeconds());
    long next = config.httpIdleTimeoutSeconds() == 0 ? 0
        : first + TimeUnit.SECONDS.toNanos(config.httpIdleTimeoutSeconds());
    RequestHeadDeadline deadline = new RequestHeadDeadline(first, next);
    server.connectionHandler(deadline::opened);
    // a verticle's timers end with it
    vertx.setPeriodic(CHECK_PERIOD_MS, id -> deadline.closeOverdue(System.nanoTime()));
    return request -> {
      deadline.arrived(request);
      requests.handle(request);
    };
  }

  private void opened(HttpConnection connection) {
    clocks.put(connection, new ConnectionClock(System.nanoTime(), firstHeadNanos));
    // the connection's one close handler is this class's: nothing else in the server sets it
    connection.closeHandler(closed -> clocks.remove(connection));
  }

  private void arrived(HttpServerRequest request) {
    ConnectionClock clock = clocks.get(request.connection());
    if (clock != null) {
      clock.serving(request.response()::ended);
    }
  }

  private void closeOverdue(long now) {
    List<HttpConnection> overdue = new ArrayList<>();
    clocks.forEach((connection, clock) -> {
      if (clock.overdue(now, nextHeadNanos)) {
        overdue.add(connection);
      }
    });
    for (HttpConnection connection : overdue) {
      LOG.debug("closing a connection from {}: no complete request head in time", connection.remoteAddress());
      clocks.remove(connection);
      connection.close();
    }
  }

  /** How long one connection has waited for a head, unless it is serving a request. */
  static final class ConnectionClock {
    private long since;
    private long boundNanos;
    private BooleanSupplier answered;

    /** @param boundNanos how long the connection may wait from {@code since}; 0: no bound */
    ConnectionClock(long since, long boundNanos) {
      this.since = since;
      this.boundNanos = boundNanos;
    }

    /** A request arrived; the clock stands still until {@code answered} (its response has ended). */
    void serving(BooleanSupplier answered) {
      this.answered = answered;
    }

    boolean overdue(long now, long nextHeadNanos) {
      if (answered != null) {
        if (!answered.getAsBoolean()) {
          return false;
        }
        // the wait for the next head starts when a check first sees the response ended (≤ 1 s late)
        answered = null;
        since = now;
        boundNanos = nextHeadNanos;
      }
      return boundNanos > 0 && now - since > boundNanos;
    }
  }
}
