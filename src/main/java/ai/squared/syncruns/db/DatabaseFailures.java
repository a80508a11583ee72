package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Sorts what a database call failed with. The database being away, refusing logins, overloaded or
 * too slow is {@link DatabaseUnavailable} (a 503); an error the database reports about the statement
 * itself, or a bug, stays what it is (a 500, logged with its stack trace). Failures while a
 * connection is being opened are sorted where they happen ({@link #whileConnecting}): any error then
 * is about the database, whatever its SQLSTATE.
 */
public final class DatabaseFailures {
  private DatabaseFailures() {
  }

  /** For {@code Future.recover}: the failure, as a {@link DatabaseUnavailable} when it is one. */
  public static <T> Future<T> classify(Throwable failure) {
    return Future.failedFuture(unavailability(failure));
  }

  /** A failure to open a connection: always the database's unavailability, never the request's fault. */
  static DatabaseUnavailable whileConnecting(Throwable failure) {
    if (failure instanceof DatabaseUnavailable unavailable) {
      return unavailable;
    }
    return new DatabaseUnavailable(failure instanceof DatabaseException
        ? DatabaseUnavailable.Reason.REFUSES_LOGINS : DatabaseUnavailable.Reason.UNREACHABLE, failure);
  }

  /** The failure as a {@link DatabaseUnavailable} when it says the database is unavailable, else as it is. */
  public static Throwable unavailability(Throwable failure) {
    if (failure instanceof DatabaseUnavailable) {
      return failure;
    }
    if (failure instanceof Deadline.NoReplyInTime || failure instanceof HeldConnections.NoConnectionInTime) {
      return new DatabaseUnavailable(DatabaseUnavailable.Reason.TOO_SLOW, failure);
    }
    if (failure instanceof DatabaseException database) {
      if (endsTheSession(database)) {
        return new DatabaseUnavailable(DatabaseUnavailable.Reason.CONNECTION_LOST, failure);
      }
      return SqlStates.unavailable(database)
          ? new DatabaseUnavailable(DatabaseUnavailable.Reason.UNAVAILABLE, failure) : failure;
    }
    if (isFromTheClient(failure)) {
      return new DatabaseUnavailable(DatabaseUnavailable.Reason.CONNECTION_LOST, failure);
    }
    return failure; // a bug of ours: a 500 with its stack trace
  }

  /** PostgreSQL ends the session after a FATAL (or PANIC) error: about the session, not the statement. */
  private static boolean endsTheSession(DatabaseException error) {
    return error instanceof PgException pg && ("FATAL".equals(pg.getSeverity()) || "PANIC".equals(pg.getSeverity()));
  }

  /**
   * What the database client fails a statement with when its connection is gone or broke (Vert.x's
   * and Netty's own exceptions, socket errors), as opposed to an exception of the JDK's or ours,
   * which is a bug.
   */
  private static boolean isFromTheClient(Throwable failure) {
    String type = failure.getClass().getName();
    return failure instanceof java.io.IOException || type.startsWith("io.vertx.") || type.startsWith("io.netty.");
  }
}
