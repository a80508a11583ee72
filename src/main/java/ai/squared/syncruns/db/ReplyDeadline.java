package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * The most a request waits for the database's answer. The pool bounds the wait for a connection
 * (DB_CONNECT_TIMEOUT_MS) and PostgreSQL bounds a statement (DB_STATEMENT_TIMEOUT_MS), but neither
 * can fire when the database stops answering altogether (a network partition, a frozen host): the
 * socket stays open and silent. This bound can: their sum plus a second for the network, past which
 * the work fails with {@link NoReplyInTime}, a 503. None when statements have no bound either
 * (DB_STATEMENT_TIMEOUT_MS=0).
 */
public final class ReplyDeadline {
  private static final long NETWORK_MARGIN_MS = 1000;

  private final Vertx vertx;
  private final long boundMs;

  public ReplyDeadline(Vertx vertx, long boundMs) {
    this.vertx = vertx;
    this.boundMs = boundMs;
  }

  public static ReplyDeadline forRequests(Vertx vertx, AppConfig config) {
    return new ReplyDeadline(vertx, requestBoundMs(config));
  }

  /** For a probe's {@code SELECT 1}: a connection's wait and a second, DB_CONNECT_TIMEOUT_MS + 1 s. */
  public static ReplyDeadline forProbes(Vertx vertx, AppConfig config) {
    return new ReplyDeadline(vertx, config.dbConnectTimeoutMs() + NETWORK_MARGIN_MS);
  }

  /** DB_CONNECT_TIMEOUT_MS + DB_STATEMENT_TIMEOUT_MS + 1 s; 0 (none) when statements have no bound. */
  public static long requestBoundMs(AppConfig config) {
    return config.dbStatementTimeoutMs() == 0 ? 0
        : (long) config.dbConnectTimeoutMs() + config.dbStatementTimeoutMs() + NETWORK_MARGIN_MS;
  }

  public long boundMs() {
    return boundMs;
  }

  /** {@code work}, or {@link NoReplyInTime} once the bound has passed. */
  public <T> Future<T> bound(Future<T> work) {
    return bound(work, () -> true);
  }

  /**
   * {@code work}, or {@link NoReplyInTime} once the bound has passed while {@code stillWaiting} holds
   * (a response already under way is no longer waiting for its answer). The work goes on either way;
   * whatever it does after the bound must not answer again.
   */
  public <T> Future<T> bound(Future<T> work, BooleanSupplier stillWaiting) {
    if (boundMs == 0 || work.isComplete()) {
      return work;
    }
    Promise<T> bounded = Promise.promise();
    long timer = vertx.setTimer(boundMs, id -> {
      if (stillWaiting.getAsBoolean()) {
        bounded.tryFail(new NoReplyInTime(boundMs));
      }
    });
    work.onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded()) {
        bounded.tryComplete(done.result());
      } else {
        bounded.tryFail(done.cause());
      }
    });
    return bounded.future();
  }

  /** The database sent nothing back within the bound. */
  public static final class NoReplyInTime extends RuntimeException {
    public NoReplyInTime(long boundMs) {
      super("the database did not answer within " + boundMs + " ms", null, false, false);
    }
  }
}
