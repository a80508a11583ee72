package ai.squared.syncruns.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The connections to one database that carry many statements at once (pipelining), for the quick
 * single statements. Each event loop holds its own (DB_PIPELINED_CONNECTIONS shared evenly, rounded
 * up, by the loops that serve requests), made on that loop, so a statement and its answer never
 * change threads; a statement goes to the loop's connection with the fewest statements on it, and
 * small results of one statement in one event-loop round share a batch ({@link StatementBatches}).
 * Every {@link #SWEEP_MS} a loop cancels what has run past its deadline ({@link Lane}). Callers off
 * the event loops (start-up, tests) are served on one loop context of their own.
 */
public final class PipelinedConnections {
  static final long SWEEP_MS = 100;

  private final Vertx vertx;
  private final Supplier<Future<PgConnection>> opener;
  private final int lanesPerLoop;
  private final int pipeliningLimit;
  private final int batchRows;
  private final StatementSpans spans;
  private final CancelRequests cancels;
  private final Map<Thread, Loop> loops = new ConcurrentHashMap<>();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger statements = new AtomicInteger();
  private final Context offTheLoops;
  private volatile boolean closed;

  /**
   * @param opener opens one connection, ready for statements, within its own bound
   * @param lanesPerLoop connections per event loop
   * @param pipeliningLimit statements sent at once on one connection
   * @param batchRows the most rows one batch may return (0: no batches)
   * @param spans reports each statement's trace span; null when tracing is off
   * @param cancels cancels a statement past its deadline
   */
  PipelinedConnections(Vertx vertx, Supplier<Future<PgConnection>> opener, int lanesPerLoop, int pipeliningLimit,
                       int batchRows, StatementSpans spans, CancelRequests cancels) {
    this.spans = spans;
    this.cancels = cancels;
    this.vertx = vertx;
    this.opener = opener;
    this.lanesPerLoop = lanesPerLoop;
    this.pipeliningLimit = pipeliningLimit;
    this.batchRows = batchRows;
    this.offTheLoops = vertx.getOrCreateContext();
  }

  /**
   * Executes the prepared statement; one that would return at most {@code rowsAtMost} rows may share
   * a batch with others of this round.
   */
  public Future<RowSet<Row>> execute(String sql, Tuple params, int rowsAtMost, Deadline deadline) {
    long deadlineNanos = deadline.nanos();
    Context context = Vertx.currentContext();
    if (context != null && context.isEventLoopContext()) {
      return loop(context).batches.execute(sql, params, rowsAtMost, deadlineNanos);
    }
    Promise<RowSet<Row>> result = Promise.promise(); // each alone: there is no round to share
    offTheLoops.runOnContext(v -> loop(offTheLoops)
        .submit(sql, connection -> connection.preparedQuery(sql).execute(params), deadlineNanos).onComplete(result));
    return result.future();
  }

  /** Open connections, all loops together. */
  public int openConnections() {
    return openConnections.get();
  }

  /** Statements sent or waiting, all loops together. */
  public int statements() {
    return statements.get();
  }

  public Future<Void> close() {
    closed = true;
    List<Future<Void>> closing = new ArrayList<>();
    loops.values().forEach(loop -> {
      Promise<Void> closed = Promise.promise();
      loop.context.runOnContext(v -> loop.close().onComplete(closed));
      closing.add(closed.future());
    });
    return Future.join(closing).mapEmpty();
  }

  private Loop loop(Context context) {
    Loop loop = loops.get(Thread.currentThread());
    if (loop == null) {
      if (closed) {
        throw new IllegalStateException("the database connections are closed");
      }
      loop = new Loop(context);
      loops.put(Thread.currentThread(), loop);
    }
    return loop;
  }

  /** One event loop's connections. */
  private final class Loop implements StatementBatches.Connections {
    final Context context;
    final Lane[] lanes = new Lane[lanesPerLoop];
    final StatementBatches batches = new StatementBatches(this, batchRows);
    final long sweeper;

    Loop(Context context) {
      this.context = context;
      for (int i = 0; i < lanes.length; i++) {
        lanes[i] = new Lane(vertx, opener, pipeliningLimit, openConnections, statements, spans, cancels);
      }
      this.sweeper = vertx.setPeriodic(SWEEP_MS, id -> {
        long now = System.nanoTime();
        for (Lane lane : lanes) {
          lane.sweep(now);
        }
      });
    }

    @Override
    public Future<RowSet<Row>> submit(String sql, Function<SqlConnection, Future<RowSet<Row>>> statement,
                                      long deadlineNanos) {
      Lane least = lanes[0];
      for (int i = 1; i < lanes.length && least.load() > 0; i++) {
        if (lanes[i].load() < least.load()) {
          least = lanes[i];
        }
      }
      return least.submit(new Lane.Unit(sql, statement, deadlineNanos));
    }

    Future<Void> close() {
      vertx.cancelTimer(sweeper);
      List<Future<Void>> closing = new ArrayList<>();
      for (Lane lane : lanes) {
        closing.add(lane.close());
      }
      return Future.join(closing).mapEmpty();
    }
  }
}
