package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The moment one request stops waiting for the database. Past it, the request's database work fails
 * with {@link NoReplyInTime} (a 503), and the statements it still has in the database are cancelled
 * there (see {@link #onExpiry}). The server keeps this time itself: it holds where no setting of
 * PostgreSQL's can fire (a database that stopped answering) and where none can be made to survive (a
 * pooler in transaction mode). A request whose answer is already under way (a streamed page past its
 * first bytes) is no longer waiting: its deadline passes without effect. Used on one event loop.
 */
public final class Deadline {
  private static final Deadline NONE = new Deadline();
  private static final long ONE_YEAR_NANOS = 365L * 24 * 3600 * 1_000_000_000L;

  private final Vertx vertx;
  private final long boundMs;
  private final long expiresAtNanos;
  private final BooleanSupplier stillWaiting;
  private final long timer;
  private List<Runnable> onExpiry;
  private boolean expired;
  private boolean finished;

  private Deadline() {
    this.vertx = null;
    this.boundMs = 0;
    this.expiresAtNanos = Long.MAX_VALUE;
    this.stillWaiting = () -> false;
    this.timer = -1;
  }

  private Deadline(Vertx vertx, long boundMs, BooleanSupplier stillWaiting) {
    this.vertx = vertx;
    this.boundMs = boundMs;
    this.expiresAtNanos = System.nanoTime() + boundMs * 1_000_000;
    this.stillWaiting = stillWaiting;
    this.timer = vertx.setTimer(boundMs, id -> expire());
  }

  /** {@code boundMs} from now; 0 is no deadline at all. */
  public static Deadline in(Vertx vertx, long boundMs, BooleanSupplier stillWaiting) {
    return boundMs == 0 ? NONE : new Deadline(vertx, boundMs, stillWaiting);
  }

  public static Deadline in(Vertx vertx, long boundMs) {
    return in(vertx, boundMs, () -> true);
  }

  /** A request's bound: DB_STATEMENT_TIMEOUT_MS (0: none). */
  public static long requestBoundMs(AppConfig config) {
    return config.dbStatementTimeoutMs();
  }

  /**
   * The bound of a probe's {@code SELECT 1} (readiness, start-up): a request's, or when requests have
   * none, a connection's wait and a second.
   */
  public static long probeBoundMs(AppConfig config) {
    return config.dbStatementTimeoutMs() > 0 ? config.dbStatementTimeoutMs() : config.dbConnectTimeoutMs() + 1000L;
  }

  /** A deadline that never passes (database work that is not a request's, or an unbounded configuration). */
  public static Deadline none() {
    return NONE;
  }

  /**
   * {@code work}, or {@link NoReplyInTime} once the deadline has passed while still waiting. The work
   * goes on either way; whatever it does afterwards must not answer again. When the work completes
   * first, the deadline is over: nothing expires.
   */
  public <T> Future<T> bound(Future<T> work) {
    if (this == NONE) {
      return work;
    }
    if (work.isComplete()) {
      finish();
      return work;
    }
    Promise<T> bounded = Promise.promise();
    onExpiry(() -> bounded.tryFail(new NoReplyInTime(boundMs)));
    work.onComplete(done -> {
      finish();
      if (done.succeeded()) {
        bounded.tryComplete(done.result());
      } else {
        bounded.tryFail(done.cause());
      }
    });
    return bounded.future();
  }

  /** Runs {@code action} when the deadline passes while still waiting (at once if it has). */
  public void onExpiry(Runnable action) {
    if (expired) {
      action.run();
    } else if (!finished && this != NONE) {
      if (onExpiry == null) {
        onExpiry = new ArrayList<>(2);
      }
      onExpiry.add(action);
    }
  }

  /** The deadline on {@link System#nanoTime}'s scale (a year away for none). */
  public long nanos() {
    return this == NONE ? System.nanoTime() + ONE_YEAR_NANOS : expiresAtNanos;
  }

  /** Whether the deadline has passed (while waiting or not). */
  public boolean passed() {
    return this != NONE && System.nanoTime() - expiresAtNanos >= 0;
  }

  /** Milliseconds left, at least 1 while the deadline has not passed; {@code Long.MAX_VALUE} for none. */
  public long remainingMs() {
    if (this == NONE) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, (expiresAtNanos - System.nanoTime() + 999_999) / 1_000_000);
  }

  private void expire() {
    if (finished || !stillWaiting.getAsBoolean()) {
      return;
    }
    expired = true;
    List<Runnable> actions = onExpiry;
    onExpiry = null;
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }

  private void finish() {
    if (!finished) {
      finished = true;
      onExpiry = null;
      vertx.cancelTimer(timer);
    }
  }

  /** The database sent nothing back in time: a 503. */
  public static final class NoReplyInTime extends RuntimeException {
    public NoReplyInTime(long boundMs) {
      super("the database did not answer within " + boundMs + " ms", null, false, false);
    }

    /** A statement dropped, or given up on, at its request's deadline. */
    NoReplyInTime() {
      super("the database did not answer before the request's deadline", null, false, false);
    }
  }
}
