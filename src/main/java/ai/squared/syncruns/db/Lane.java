package ai.squared.syncruns.db;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipelined connection and the statements it carries: at most {@code limit} sent at once, the
 * rest waiting here, where one whose deadline passes is dropped without ever reaching the database.
 * PostgreSQL runs a connection's statements one after the other, so the oldest one sent is the one
 * running: when its deadline has passed, the lane asks PostgreSQL to cancel it (a cancel request,
 * which poolers forward too). A cancel that lands on the next statement instead (the first had just
 * finished) fails that one with 57014 before its own deadline: it is sent again, once.
 *
 * <p>The connection is opened on first use, and again after it closed. When an opening fails, the
 * statements waiting fail with what the database answered, and the next attempt waits
 * {@link #RETRY_AFTER_MS} (statements wait for it, within their deadlines): a database refusing
 * logins is not asked thousands of times a second, and one back in service serves at once.
 *
 * <p>A statement is sent on its caller's context (where a trace has its parent span); one that
 * waited is sent from there on a later turn of the loop, and the statements behind it keep their
 * order. Used on one event loop.
 */
final class Lane {
  static final long RETRY_AFTER_MS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
  private static final long COLLATERAL_WINDOW_NANOS = 2_000_000_000L;
  private static final String QUERY_CANCELED = "57014";

  private final Vertx vertx;
  private final Supplier<Future<PgConnection>> opener;
  private final int limit;
  private final AtomicInteger openConnections;
  private final AtomicInteger statements;
  private final StatementSpans spans;
  private final CancelRequests cancels;
  /** Sent, in the order the database runs them: the first is running. */
  private final ArrayDeque<Unit> sent = new ArrayDeque<>();
  private final ArrayDeque<Unit> waiting = new ArrayDeque<>();
  private PgConnection connection;
  private boolean opening;
  private long retryTimer = -1;
  private long lastOpenFailedAt;
  /** Sends handed to their callers' contexts and not yet made. */
  private int deferred;
  private long cancelledAt;
  private boolean closed;

  /** A statement on its way: what runs it, its deadline, its caller's context, its outcome. */
  static final class Unit {
    final String sql;
    final Function<SqlConnection, Future<RowSet<Row>>> statement;
    final long deadlineNanos;
    final Context context = Vertx.currentContext();
    final Promise<RowSet<Row>> result = Promise.promise();
    PgConnection sentOn;
    boolean cancelRequested;
    int sends;

    Unit(String sql, Function<SqlConnection, Future<RowSet<Row>>> statement, long deadlineNanos) {
      this.sql = sql;
      this.statement = statement;
      this.deadlineNanos = deadlineNanos;
    }

    boolean overdue(long now) {
      return now - deadlineNanos >= 0;
    }
  }

  /**
   * @param opener opens and sets up a connection, within its own bound
   * @param openConnections counts this lane's connection while it is open
   * @param statements counts this lane's statements, sent or waiting
   * @param spans reports each statement's span on its caller's context; null when tracing is off
   * @param cancels cancels the running statement once its deadline has passed
   */
  Lane(Vertx vertx, Supplier<Future<PgConnection>> opener, int limit, AtomicInteger openConnections,
       AtomicInteger statements, StatementSpans spans, CancelRequests cancels) {
    this.spans = spans;
    this.cancels = cancels;
    this.vertx = vertx;
    this.opener = opener;
    this.limit = limit;
    this.openConnections = openConnections;
    this.statements = statements;
  }

  /** Statements sent or waiting. */
  int load() {
    return sent.size() + waiting.size();
  }

  Future<RowSet<Row>> submit(Unit unit) {
    if (closed) {
      unit.result.fail(new IllegalStateException("the database connections are closed"));
    } else {
      statements.incrementAndGet();
      unit.result.future().onComplete(done -> statements.decrementAndGet());
      waiting.add(unit);
      pump();
    }
    return unit.result.future();
  }

  /** Cancels the running statement if its deadline has passed, and drops waiting ones whose has. */
  void sweep(long now) {
    cancelOverdueHead(now);
    waiting.removeIf(unit -> {
      if (unit.overdue(now)) {
        unit.result.tryFail(new Deadline.NoReplyInTime());
        return true;
      }
      return false;
    });
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
    failWaiting(new DatabaseUnavailable(DatabaseUnavailable.Reason.CONNECTION_LOST,
        new IllegalStateException("the server is shutting down")));
    PgConnection open = connection;
    if (open == null) {
      return Future.succeededFuture();
    }
    connection = null;
    openConnections.decrementAndGet();
    return open.close();
  }

  private void pump() {
    if (connection == null) {
      openWhenDue();
      return;
    }
    long now = System.nanoTime();
    while (sent.size() < limit && !waiting.isEmpty()) {
      Unit unit = waiting.poll();
      if (unit.overdue(now)) {
        unit.result.tryFail(new Deadline.NoReplyInTime());
      } else {
        send(unit);
      }
    }
  }

  private void send(Unit unit) {
    unit.sentOn = connection;
    unit.sends++;
    sent.add(unit);
    if (deferred == 0 && (unit.context == null || unit.context == Vertx.currentContext())) {
      apply(unit);
    } else {
      deferred++;
      unit.context.runOnContext(v -> {
        deferred--;
        apply(unit);
      });
    }
  }

  private void apply(Unit unit) {
    if (unit.sentOn != connection) { // the connection closed meanwhile: the statement never left
      sent.remove(unit);
      unit.sends--;
      waiting.addFirst(unit);
      pump();
      return;
    }
    Object span = spans == null ? null : spans.start(unit.context, unit.sql);
    Future<RowSet<Row>> answer;
    try {
      answer = unit.statement.apply(connection);
    } catch (RuntimeException thrown) {
      answer = Future.failedFuture(thrown);
    }
    answer.onComplete(done -> {
      if (span != null) {
        spans.end(unit.context, span, done.cause());
      }
      answered(unit, done);
    });
  }

  private void answered(Unit unit, AsyncResult<RowSet<Row>> done) {
    if (sent.peekFirst() == unit) {
      sent.pollFirst();
    } else {
      sent.remove(unit);
    }
    long now = System.nanoTime();
    if (done.succeeded()) {
      unit.result.tryComplete(done.result());
    } else if (cancelledByMistake(unit, done.cause(), now)) {
      waiting.addFirst(unit);
    } else {
      unit.result.tryFail(done.cause());
    }
    cancelOverdueHead(now);
    pump();
  }

  /** A cancel meant for the statement before this one (it had just finished) hit this one. */
  private boolean cancelledByMistake(Unit unit, Throwable failure, long now) {
    return failure instanceof DatabaseException database && QUERY_CANCELED.equals(database.getSqlState())
        && !unit.cancelRequested && unit.sends == 1 && !unit.overdue(now)
        && cancelledAt != 0 && now - cancelledAt < COLLATERAL_WINDOW_NANOS;
  }

  private void cancelOverdueHead(long now) {
    Unit head = sent.peekFirst();
    if (head != null && !head.cancelRequested && head.overdue(now) && head.sentOn == connection) {
      head.cancelRequested = true;
      cancelledAt = now;
      cancels.cancel(head.sentOn); // the statement's answer (57014) tells the rest
    }
  }

  /** Opens the connection for the statements waiting, at once or when the last failure's pause ends. */
  private void openWhenDue() {
    if (opening || closed || waiting.isEmpty() || retryTimer >= 0) {
      return;
    }
    long sinceFailureMs = (System.nanoTime() - lastOpenFailedAt) / 1_000_000;
    if (lastOpenFailedAt != 0 && sinceFailureMs < RETRY_AFTER_MS) {
      retryTimer = vertx.setTimer(RETRY_AFTER_MS - sinceFailureMs, id -> {
        retryTimer = -1;
        openWhenDue();
      });
      return;
    }
    opening = true;
    opener.get().onComplete(this::opened);
  }

  private void opened(AsyncResult<PgConnection> done) {
    opening = false;
    if (done.failed()) {
      lastOpenFailedAt = System.nanoTime();
      failWaiting(DatabaseFailures.whileConnecting(done.cause()));
      return;
    }
    PgConnection opened = done.result();
    if (closed) {
      opened.close();
      return;
    }
    lastOpenFailedAt = 0;
    connection = opened;
    openConnections.incrementAndGet();
    // an error the database sends outside any statement (it ends the session) fails the statements in
    // flight too, and that is what gets reported; unhandled, the client would print it on stderr
    opened.exceptionHandler(failure -> LOG.debug("pipelined connection failed: {}", failure.toString()));
    opened.closeHandler(v -> {
      if (connection == opened) {
        connection = null;
        openConnections.decrementAndGet();
        pump(); // statements still waiting get a new connection
      }
    });
    pump();
  }

  private void failWaiting(Throwable failure) {
    Unit unit;
    while ((unit = waiting.poll()) != null) {
      unit.result.tryFail(failure);
    }
  }
}
