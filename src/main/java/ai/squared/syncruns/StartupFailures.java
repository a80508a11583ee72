package ai.squared.syncruns;

import ai.squared.syncruns.config.ConfigException;
import java.net.BindException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns whatever stopped the start into one line that names the cause. */
final class StartupFailures {
  /** PgBouncer's words (FATAL 08P01). */
  private static final Pattern REFUSED_PARAMETER = Pattern.compile("unsupported startup parameter: ([A-Za-z_]+)");

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
    Optional<String> refused = refusedStartupParameter(failure);
    if (refused.isPresent()) {
      return "the database refused the startup parameter " + refused.get() + ": a connection pooler such as "
          + "PgBouncer sits in front of PostgreSQL; set DB_POOLER=transaction (or session) to match its pooling mode";
    }
    if (failure instanceof org.flywaydb.core.api.FlywayException) {
      return "database migration failed: " + oneLine(root.getMessage());
    }
    return oneLine(failure == root ? root.getMessage() : failure.getMessage() + ": " + root.getMessage());
  }

  /** The parameter a pooler refused at login (DB_POOLER=none in front of PgBouncer), if that is what failed. */
  static Optional<String> refusedStartupParameter(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      Matcher refused = REFUSED_PARAMETER.matcher(String.valueOf(cause.getMessage()));
      if (refused.find()) {
        return Optional.of(refused.group(1));
      }
    }
    return Optional.empty();
  }

  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s+", " ").trim();
  }
}
