package ai.squared.syncruns.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends the executions of one prepared statement that an event loop issues in one round (while it
 * handles one batch of network reads) to PostgreSQL together, as one message ending in one Sync, at
 * the end of that round. The database then answers them in one implicit transaction and one write,
 * instead of one each. Small results only: a batch carries at most {@code maxRows} rows, so what a
 * connection has in flight stays within what one large page costs (see {@code DB_PIPELINING_LIMIT}).
 *
 * <p>In a batch, an execution that fails makes PostgreSQL skip the rest. When the failure is the
 * database's verdict on one statement, each execution runs again alone, so only the failing one
 * fails. When it is the database or the connection being unavailable (SQLSTATE classes 08, 53, 57,
 * a statement timeout among them, or no database error at all), every execution of the batch fails
 * with it at once: running them again would only double the wait for the same 503.
 *
 * <p>A batch is sent once the last of its executions' deadlines has passed no sooner: it is
 * cancelled only when none of them still waits for it.
 *
 * <p>One instance per event loop: no locking.
 */
final class StatementBatches {
  private final Connections connections;
  private final int maxRows;
  private Map<String, Batch> waiting = new LinkedHashMap<>();
  private boolean flushScheduled;

  /** Where statements go: a pipelined connection of this event loop. */
  interface Connections {
    Future<RowSet<Row>> submit(String sql, Function<SqlConnection, Future<RowSet<Row>>> statement,
                               long deadlineNanos);
  }

  private record Pending(Tuple params, long deadlineNanos, Promise<RowSet<Row>> result) {
  }

  private static final class Batch {
    final List<Pending> members = new ArrayList<>();
    int rows;
  }

  /**
   * @param connections where the executions go
   * @param maxRows the most rows one batch may return, summed over its executions (0: no batches)
   */
  StatementBatches(Connections connections, int maxRows) {
    this.connections = connections;
    this.maxRows = maxRows;
  }

  /**
   * Executes the prepared statement with these parameters, in a batch with others of this round when
   * its result is small enough to share one.
   *
   * @param rowsAtMost the most rows this execution can return; 0 for an unknown number or size
   */
  Future<RowSet<Row>> execute(String sql, Tuple params, int rowsAtMost, long deadlineNanos) {
    Context context = Vertx.currentContext();
    if (context == null || rowsAtMost <= 0 || 2 * rowsAtMost > maxRows) {
      return alone(sql, params, deadlineNanos);
    }
    Batch batch = waiting.get(sql);
    if (batch != null && batch.rows + rowsAtMost > maxRows) {
      waiting.remove(sql);
      send(sql, batch.members);
      batch = null;
    }
    if (batch == null) {
      batch = new Batch();
      waiting.put(sql, batch);
    }
    Promise<RowSet<Row>> result = Promise.promise();
    batch.members.add(new Pending(params, deadlineNanos, result));
    batch.rows += rowsAtMost;
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(ignored -> flush()); // runs once this round's reads are handled
    }
    return result.future();
  }

  private void flush() {
    flushScheduled = false;
    Map<String, Batch> round = waiting;
    waiting = new LinkedHashMap<>();
    round.forEach((sql, batch) -> send(sql, batch.members));
  }

  private void send(String sql, List<Pending> members) {
    if (members.size() == 1) {
      runAlone(sql, members.get(0));
      return;
    }
    List<Tuple> params = new ArrayList<>(members.size());
    long lastDeadline = Long.MIN_VALUE;
    for (Pending pending : members) {
      params.add(pending.params);
      lastDeadline = Math.max(lastDeadline, pending.deadlineNanos);
    }
    connections.submit(sql, connection -> connection.preparedQuery(sql).executeBatch(params), lastDeadline)
        .onComplete(done -> {
          if (done.succeeded()) {
            RowSet<Row> rows = done.result();
            for (Pending pending : members) {
              pending.result.complete(rows);
              rows = rows.next();
            }
          } else if (isStatementError(done.cause())) {
            members.forEach(pending -> runAlone(sql, pending));
          } else {
            members.forEach(pending -> pending.result.fail(done.cause()));
          }
        });
  }

  private void runAlone(String sql, Pending pending) {
    alone(sql, pending.params, pending.deadlineNanos).onComplete(pending.result);
  }

  private Future<RowSet<Row>> alone(String sql, Tuple params, long deadlineNanos) {
    return connections.submit(sql, connection -> connection.preparedQuery(sql).execute(params), deadlineNanos);
  }

  private static boolean isStatementError(Throwable failure) {
    return failure instanceof DatabaseException database && database.getSqlState() != null
        && !SqlStates.unavailable(database);
  }
}
