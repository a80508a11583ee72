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
    if (failure instanceof org.flywaydb.core.api.FlywayException) {
      return "database migration failed: " + oneLine(root.getMessage());
    }
    return oneLine(failure == root ? root.getMessage() : failure.getMessage() + ": " + root.getMessage());
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s+", " ").trim();
  }
}
