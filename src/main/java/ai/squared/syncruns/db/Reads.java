package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * One request's way to the database, within its deadline. Its statements go to one replica (or the
 * primary when none is usable), chosen at the first. A replica that fails it (it cannot be reached,
 * refuses the login, loses the session under a single statement) is taken out, and the statement
 * goes again to another replica or the primary: reads are idempotent, and a request that had not
 * been answered by it does not fail with it. A replica that lets the deadline pass is taken out too
 * (the request is a 503 by then).
 */
public final class Reads {
  private final Database database;
  private final Deadline deadline;
  private Replica replica;
  private Endpoint endpoint;
  private boolean counted;

  Reads(Database database, Deadline deadline) {
    this.database = database;
    this.deadline = deadline;
  }

  public Deadline deadline() {
    return deadline;
  }

  /** A quick statement, pipelined; one returning at most {@code rowsAtMost} rows may share a batch. */
  public Future<RowSet<Row>> execute(String sql, Tuple params, int rowsAtMost) {
    return attempt(endpoint -> endpoint.execute(sql, params, rowsAtMost, deadline), true);
  }

  /** A quick statement, pipelined, alone (its rows may be many, or large). */
  public Future<RowSet<Row>> execute(String sql, Tuple params) {
    return execute(sql, params, 0);
  }

  /** A slow statement, on a connection of its own. */
  public Future<RowSet<Row>> executeAlone(String sql, Tuple params) {
    return attempt(endpoint -> endpoint.executeAlone(sql, params, deadline), true);
  }

  /**
   * Work on a connection of its own, in a transaction. Sent again elsewhere only when no connection
   * could be had: once the work has begun, it may have answered the client already.
   */
  public <T> Future<T> withTransaction(Function<OpenTransaction, Future<T>> work) {
    return attempt(endpoint -> endpoint.withTransaction(deadline, work), false);
  }

  private <T> Future<T> attempt(Function<Endpoint, Future<T>> call, boolean alone) {
    if (endpoint == null) {
      choose();
    }
    Replica on = replica;
    Future<T> called = call.apply(endpoint);
    if (on == null) {
      return called;
    }
    return called.transform(done -> {
      if (done.succeeded()) {
        countOnce(on);
        return called;
      }
      Throwable failure = DatabaseFailures.unavailability(done.cause());
      if (!(failure instanceof DatabaseUnavailable unavailable) || !elsewhere(unavailable.reason(), alone)) {
        return called;
      }
      on.out(failure.getMessage());
      choose();
      return attempt(call, alone);
    });
  }

  /** Whether a failure on a replica sends the statement to another one (or the primary). */
  private boolean elsewhere(DatabaseUnavailable.Reason reason, boolean alone) {
    if (deadline.passed()) {
      return false;
    }
    return switch (reason) {
      case UNREACHABLE, REFUSES_LOGINS -> true; // the statement never reached it
      case CONNECTION_LOST, UNAVAILABLE -> alone;
      case TOO_SLOW -> false;
    };
  }

  private void choose() {
    replica = database.nextReplica();
    endpoint = replica == null ? database.primary() : replica.endpoint();
    if (replica != null) {
      Replica chosen = replica;
      deadline.onExpiry(() -> {
        if (replica == chosen) {
          chosen.out("no answer within the request's bound");
        }
      });
    }
  }

  private void countOnce(Replica served) {
    if (!counted) {
      counted = true;
      served.servedOne();
    }
  }
}
