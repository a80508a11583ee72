package ai.squared.syncruns.db;

/**
 * The database could not serve the request: a 503, not a bug. The message is what an operator reads
 * in the log: what the database answered, without the stack trace (the cause keeps it).
 */
public final class DatabaseUnavailable extends RuntimeException {
  /** What went wrong, in the words an operator acts on. */
  public enum Reason {
    /** No connection could be opened: nothing listens, the network drops it, or it took too long. */
    UNREACHABLE("the database cannot be reached"),
    /** The database (or a pooler in front of it) answered the login with an error. */
    REFUSES_LOGINS("the database refuses logins"),
    /** An open session ended or failed under a statement (a restart, an administrator, the network). */
    CONNECTION_LOST("a database session ended"),
    /** The database said it is out of resources, or shutting down, or cancelled the statement. */
    UNAVAILABLE("the database is unavailable"),
    /** No connection came free, or no answer came, within the request's bound. */
    TOO_SLOW("the database did not answer in time");

    private final String words;

    Reason(String words) {
      this.words = words;
    }
  }

  private final Reason reason;

  public DatabaseUnavailable(Reason reason, Throwable cause) {
    super(reason.words + ": " + describe(cause), cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The cause's own message; its class too when the message alone says little ("Connection refused"). */
  private static String describe(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    return cause instanceof io.vertx.sqlclient.DatabaseException ? message
        : cause.getClass().getSimpleName() + ": " + message;
  }
}
