package ai.squared.syncruns.runs;

import ai.squared.syncruns.db.SqlStates;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.DatabaseUnavailable;
import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;

/**
 * Sorts what a database call failed with: the database being away or overloaded (connection
 * refused or lost, no free connection in time, statement timeout, shutdown) is a 503; an error
 * the database reports about the statement itself, or a bug, stays a 500.
 */
public final class DatabaseFailures {
  private DatabaseFailures() {
  }

  public static <T> Future<T> classify(Throwable failure) {
    return Future.failedFuture(isUnavailability(failure) ? new DatabaseUnavailable(failure) : failure);
  }

  static boolean isUnavailability(Throwable failure) {
    if (failure instanceof ApiError || failure instanceof DatabaseUnavailable
        || failure instanceof PageStreamer.ClientGone) {
      return false;
    }
    if (failure instanceof DatabaseException database) {
      return SqlStates.unavailable(database);
    }
    return !isProgrammingError(failure);
  }

  private static boolean isProgrammingError(Throwable failure) {
    return failure instanceof NullPointerException
        || failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException
        || failure instanceof ClassCastException
        || failure instanceof IndexOutOfBoundsException
        || failure instanceof UnsupportedOperationException
        || failure instanceof java.io.UncheckedIOException
        || failure instanceof Error;
  }
}
