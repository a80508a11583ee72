package ai.squared.syncruns.http;

/** The database could not be reached or did not answer in time: a 503, not a bug. */
public final class DatabaseUnavailable extends RuntimeException {
  /** The message names the cause's class too: the log line is all an operator sees of it. */
  public DatabaseUnavailable(Throwable cause) {
    super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause, false, false);
  }
}
