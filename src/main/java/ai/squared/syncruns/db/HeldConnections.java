package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections of the held pool, each waited for at most DB_CONNECT_TIMEOUT_MS. The bound is kept
 * here, not by the pool (whose own is off, see {@link PoolFactory}): in vertx-sql-client 5.0.7 a
 * waiter that times out just as a connection is handed to it loses that connection for good
 * ("Promise already completed", vertx-sql-client issue #1567), and a pool of 16 drains one
 * overloaded second at a time. Here a connection that arrives after its waiter gave up goes
 * straight back to the pool.
 */
public final class HeldConnections {
  private static final Logger LOG = LoggerFactory.getLogger(HeldConnections.class);

  private final Vertx vertx;
  private final Pool pool;
  private final long waitMs;

  HeldConnections(Vertx vertx, Pool pool, long waitMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.waitMs = waitMs;
  }

  /** Runs {@code work} on a connection of its own, given back when the work's future completes. */
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work) {
    return take().compose(connection -> work.apply(connection).eventually(connection::close));
  }

  /** As {@link #withConnection}, inside a transaction: committed if the work succeeds, else rolled back. */
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    return withConnection(connection -> connection.begin().compose(transaction -> work.apply(connection)
        .compose(result -> transaction.commit().map(result),
            failure -> transaction.rollback().transform(rolledBack -> Future.<T>failedFuture(failure)))));
  }

  private Future<SqlConnection> take() {
    Promise<SqlConnection> taken = Promise.promise();
    long timer = vertx.setTimer(waitMs, id -> taken.tryFail(new NoConnectionInTime(waitMs)));
    pool.getConnection().onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.failed()) {
        taken.tryFail(result.cause());
      } else if (taken.tryComplete(result.result())) {
        // An error the database sends outside any statement (it ends the session: a restart, an
        // administrator) fails the statement in flight too, and that failure is what gets reported.
        // Without a handler here the client would print it on standard error, outside the log.
        result.result().exceptionHandler(failure -> LOG.debug("held connection failed: {}", failure.toString()));
      } else {
        result.result().close(); // its waiter has given up (a 503 by now): back to the pool
      }
    });
    return taken.future();
  }

  /** No connection of the held pool came free in time: the database is overloaded or away. */
  public static final class NoConnectionInTime extends RuntimeException {
    NoConnectionInTime(long waitMs) {
      super("no database connection came free within " + waitMs + " ms", null, false, false);
    }
  }
}
