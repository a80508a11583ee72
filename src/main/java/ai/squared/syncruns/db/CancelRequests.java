package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's cancel request (the protocol's CancelRequest message, on a connection of its own) for
 * the statement a session is running. It is done when the server closes that connection: by then
 * the postmaster (or the pooler, which passes it on) has signalled the session, so a statement sent
 * on the session after that cannot be the one it cancels. vertx-pg-client's own
 * {@code cancelRequest()} closes its connection right after writing, before PgBouncer 1.18 has read
 * the message: the cancel was lost in most tries, and the pooler itself died in some
 * (pgbouncer issue #801, fixed after 1.18).
 */
final class CancelRequests {
  private static final Logger LOG = LoggerFactory.getLogger(CancelRequests.class);
  private static final int LENGTH = 16;
  private static final int CANCEL_REQUEST_CODE = 80877102;

  private final Vertx vertx;
  private final NetClient client;
  private final String host;
  private final int port;
  private final long boundMs;

  /** Cancels sessions of the server at {@code host:port}; each cancel is given up after {@code boundMs}. */
  CancelRequests(Vertx vertx, String host, int port, long boundMs) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) boundMs));
    this.host = host;
    this.port = port;
    this.boundMs = boundMs;
  }

  /** Cancels what {@code connection}'s session is running; never fails (a lost cancel changes nothing). */
  Future<Void> cancel(PgConnection connection) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(boundMs, id -> done.tryComplete());
    Buffer message = Buffer.buffer(LENGTH).appendInt(LENGTH).appendInt(CANCEL_REQUEST_CODE)
        .appendInt(connection.processId()).appendInt(connection.secretKey());
    client.connect(port, host).onComplete(connected -> {
      if (connected.failed()) {
        LOG.debug("cancel request not sent: {}", connected.cause().toString());
        done.tryComplete();
        return;
      }
      NetSocket socket = connected.result();
      socket.closeHandler(v -> done.tryComplete()).exceptionHandler(failure -> done.tryComplete()).write(message);
      done.future().onComplete(ended -> socket.close()); // given up on: the socket goes too
    });
    return done.future().andThen(ended -> vertx.cancelTimer(timer));
  }

  Future<Void> close() {
    return client.close();
  }
}
