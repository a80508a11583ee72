package ai.squared.syncruns.http;

/** The database could not be reached or did not answer in time: a 503, not a bug. */
public final class DatabaseUnavailable extends RuntimeException {
  public DatabaseUnavailable(Throwable cause) {
    super(cause.getMessage(), cause, false, false);
  }
}
