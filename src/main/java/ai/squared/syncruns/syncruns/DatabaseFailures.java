package ai.squared.syncruns.syncruns;

import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.DatabaseUnavailable;
import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import java.util.Set;

/**
 * Sorts what a database call failed with: the database being away or overloaded (connection
 * refused or lost, no free connection in time, statement timeout, shutdown) is a 503; an error
 * the database reports about the statement itself, or a bug, stays a 500.
 */
final class DatabaseFailures {
  /** SQLSTATE classes: connection exception, insufficient resources, operator intervention. */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");

  private DatabaseFailures() {
  }

  static <T> Future<T> classify(Throwable failure) {
    return Future.failedFuture(isUnavailability(failure) ? new DatabaseUnavailable(failure) : failure);
  }

  static boolean isUnavailability(Throwable failure) {
    if (failure instanceof ApiError || failure instanceof DatabaseUnavailable
        || failure instanceof PageStreamer.ClientGone) {
      return false;
    }
    if (failure instanceof DatabaseException database) {
      String state = database.getSqlState();
      return state != null && state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2));
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
