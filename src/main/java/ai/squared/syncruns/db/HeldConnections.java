package ai.squared.syncruns.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections a caller holds for a while (a transaction with a cursor, a slow statement, the
 * readiness probe), each waited for at most DB_CONNECT_TIMEOUT_MS.
 *
 * <p>Each event loop has a pool of its own, whose connections live on that loop. A connection of
 * another loop costs two thread hand-offs per round trip (the statement goes to its loop, the
 * answer comes back), and the shared pool hands a freed connection to its oldest waiter whatever
 * its loop: on a busy server a streamed page then took ~5 times as long to its first row (85 ms
 * against 17, io_uring), held its connection that much longer, and the queue for connections grew
 * into a backlog of seconds. Callers off the event loops (start-up, tests) share one more pool,
 * made on first use.
 *
 * <p>The wait's bound is kept here, not by the pools (whose own is off, see {@link PoolFactory}):
 * in vertx-sql-client 5.0.7 a waiter that times out just as a connection is handed to it loses that
 * connection for good ("Promise already completed", vertx-sql-client issue #1567), and a pool of 16
 * drains one overloaded second at a time. Here a connection that arrives after its waiter gave up
 * goes straight back to its pool.
 *
 * <p>A statement still running on a held connection when its request's {@link Deadline} passes, or
 * when its holder gives up waiting for rows ({@link Deadline.NoReplyInTime}), is cancelled on the
 * database (a cancel request, which poolers forward too); the connection goes back to its pool once
 * the statement has ended.
 */
public final class HeldConnections {
  private static final Logger LOG = LoggerFactory.getLogger(HeldConnections.class);
  private static final Object OFF_THE_LOOPS = new Object();

  private final Vertx vertx;
  private final Supplier<Pool> newPool;
  private final long waitMs;
  private final CancelRequests cancels;
  private final CursorStatements cursorStatements;
  private final Map<Object, Pool> pools = new ConcurrentHashMap<>();
  private boolean closed;

  /**
   * @param newPool a pool whose connections are made on the event loop that asks for one (the
   *                first caller of a pool is its only loop)
   * @param cancels cancels a statement past its deadline
   * @param cursorStatements the statements of the transactions' cursors
   */
  HeldConnections(Vertx vertx, Supplier<Pool> newPool, long waitMs, CancelRequests cancels,
                  CursorStatements cursorStatements) {
    this.vertx = vertx;
    this.newPool = newPool;
    this.waitMs = waitMs;
    this.cancels = cancels;
    this.cursorStatements = cursorStatements;
  }

  /** Runs {@code work} on a connection of its own, given back when the work's future completes. */
  public <T> Future<T> withConnection(Deadline deadline, Function<SqlConnection, Future<T>> work) {
    return take().compose(connection -> {
      Future<T> worked = attempt(work, connection);
      return release(connection, worked, cancelWhenOverdue(deadline, connection, worked));
    });
  }

  /**
   * As {@link #withConnection}, inside a transaction: committed if the work succeeds, else rolled
   * back. The work's first statement follows BEGIN on the wire without waiting for its answer (the
   * connection pipelines them, and the database runs them in order), which saves a round trip.
   */
  public <T> Future<T> withTransaction(Deadline deadline, Function<OpenTransaction, Future<T>> work) {
    return take().compose(connection -> {
      Future<Transaction> begun = connection.begin();
      Future<T> worked = attempt(work, new OpenTransaction(connection, cursorStatements));
      // the rollback waits behind the statement the work gave up on: that one is cancelled first
      Future<Void> cancelled = cancelWhenOverdue(deadline, connection, worked);
      Future<T> ended = begun.transform(began -> began.succeeded()
          ? worked.compose(result -> began.result().commit().map(result),
              failure -> began.result().rollback().transform(rolledBack -> Future.<T>failedFuture(failure)))
          // the work's statements fail with BEGIN; the connection goes back once they have
          : worked.transform(ignored -> Future.<T>failedFuture(began.cause())));
      return release(connection, ended, cancelled);
    });
  }

  private static <C, T> Future<T> attempt(Function<C, Future<T>> work, C connection) {
    try {
      return work.apply(connection);
    } catch (RuntimeException thrown) { // the connection still goes back
      return Future.failedFuture(thrown);
    }
  }

  /**
   * Gives the connection back once its work has ended and a cancel sent for it has been taken in:
   * the next holder's statements cannot be the ones it cancels.
   */
  private static <T> Future<T> release(SqlConnection connection, Future<T> ended, Future<Void> cancelled) {
    return ended.transform(outcome -> cancelled.transform(ignored -> connection.close())
        .transform(closed -> (Future<T>) outcome));
  }

  /**
   * Cancels the statement running on the connection when the work is still under way at the
   * deadline, or has given up waiting for the database's rows. The future completes once the work
   * has ended and the cancel, if one was sent, was taken in.
   */
  private Future<Void> cancelWhenOverdue(Deadline deadline, SqlConnection connection, Future<?> worked) {
    Cancel cancel = new Cancel(PgConnection.cast(connection));
    deadline.onExpiry(() -> {
      if (!worked.isComplete()) {
        cancel.send();
      }
    });
    worked.onFailure(failure -> {
      if (failure instanceof Deadline.NoReplyInTime) {
        cancel.send();
      }
    });
    return worked.transform(done -> cancel.taken);
  }

  /** At most one cancel for one piece of work. */
  private final class Cancel {
    private final PgConnection connection;
    private Future<Void> taken = Future.succeededFuture();
    private boolean sent;

    Cancel(PgConnection connection) {
      this.connection = connection;
    }

    void send() {
      if (!sent) {
        sent = true;
        taken = cancels.cancel(connection);
      }
    }
  }

  /** Open connections, all pools together. */
  public int openConnections() {
    return pools.values().stream().mapToInt(Pool::size).sum();
  }

  public Future<Void> close() {
    synchronized (pools) {
      closed = true;
    }
    return Future.join(pools.values().stream().map(Pool::close).toList()).mapEmpty();
  }

  /** The calling event loop's pool, made on its first use. */
  private Pool pool() {
    Context context = Vertx.currentContext();
    Object loop = context != null && context.isEventLoopContext() ? Thread.currentThread() : OFF_THE_LOOPS;
    Pool pool = pools.get(loop);
    if (pool != null) {
      return pool;
    }
    synchronized (pools) {
      if (closed) {
        throw new IllegalStateException("the database connections are closed");
      }
      return pools.computeIfAbsent(loop, any -> newPool.get());
    }
  }

  private Future<SqlConnection> take() {
    Pool pool;
    try {
      pool = pool();
    } catch (IllegalStateException closedAlready) {
      return Future.failedFuture(closedAlready);
    }
    Promise<SqlConnection> taken = Promise.promise();
    long timer = vertx.setTimer(waitMs, id -> taken.tryFail(new NoConnectionInTime(waitMs)));
    pool.getConnection().onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.failed()) {
        taken.tryFail(DatabaseFailures.whileConnecting(result.cause()));
      } else if (taken.tryComplete(result.result())) {
        // An error the database sends outside any statement (it ends the session: a restart, an
        // administrator) fails the statement in flight too, and that failure is what gets reported.
        // Without a handler here the client would print it on standard error, outside the log.
        result.result().exceptionHandler(failure -> LOG.debug("held connection failed: {}", failure.toString()));
      } else {
        result.result().close(); // its waiter has given up (a 503 by now): back to its pool
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
