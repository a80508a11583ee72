package ai.squared.syncruns.paging;

import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.DatabaseFailures;
import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.db.Reads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * How an endpoint's request meets the database: its reads get a deadline (DB_STATEMENT_TIMEOUT_MS;
 * a streamed page past its first bytes has its own bounds, {@link PageStreamer}), the answer is
 * bounded by it, and whatever the database failed with is sorted (503 or 500) and handed to the
 * error handler.
 */
public final class DatabaseRequests {
  private final Vertx vertx;
  private final Database database;
  private final long boundMs;

  public DatabaseRequests(Vertx vertx, Database database, long boundMs) {
    this.vertx = vertx;
    this.database = database;
    this.boundMs = boundMs;
  }

  /** The most a request waits for the database, in ms (0: no bound). */
  public long boundMs() {
    return boundMs;
  }

  /**
   * Answers {@code rc} with {@code work}; {@code ended} runs once the answer is written, or the
   * deadline has passed, whichever comes first (so that no one waits on a stuck request).
   */
  public void answer(RoutingContext rc, Function<Reads, Future<Void>> work, Runnable ended) {
    Deadline deadline = Deadline.in(vertx, boundMs, () -> !rc.response().headWritten());
    deadline.bound(work.apply(database.reads(deadline)))
        .onComplete(done -> ended.run())
        .recover(DatabaseFailures::classify).onFailure(rc::fail);
  }
}
