package ai.squared.syncruns;

import ai.squared.syncruns.config.ConfigException;
import java.net.BindException;

/** Turns whatever stopped the start into one line that names the cause. */
final class StartupFailures {
  private StartupFailures() {
  }

  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ConfigException) {
        break;
      }
      root = root.getCause();
    }
    if (root instanceof BindException || String.valueOf(root.getMessage()).contains("Address already in use")) {
      return "a port the server needs is already in use (" + root.getMessage()
          + "); set HTTP_PORT (and MANAGEMENT_PORT, if set) to free ports";
    }
    if (refusedStartupParameter(failure)) {
      return "the database refused a startup parameter (" + oneLine(root.getMessage()) + "): a connection pooler "
          + "such as PgBouncer sits in front of PostgreSQL; set DB_POOLER=transaction (or session) to match its "
          + "pooling mode";
    }
    if (failure instanceof org.flywaydb.core.api.FlywayException) {
      return "database migration failed: " + oneLine(root.getMessage());
    }
    return oneLine(failure == root ? root.getMessage() : failure.getMessage() + ": " + root.getMessage());
  }

  /** A pooler refusing a parameter the server sent at login (DB_POOLER=none in front of PgBouncer). */
  static boolean refusedStartupParameter(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (String.valueOf(cause.getMessage()).contains("unsupported startup parameter")) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s+", " ").trim();
  }
}
