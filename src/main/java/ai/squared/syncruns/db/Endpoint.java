package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server the server reads (the primary, or a replica) and its two kinds of
 * connections: pipelined ones for the quick single statements, held ones for what keeps a connection
 * a while (a cursor, a slow statement). Every way in takes the caller's {@link Deadline}: what runs
 * past it is cancelled on the server.
 */
public final class Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  private final String name;
  private final PipelinedConnections pipelined;
  private final HeldConnections held;
  private final CancelRequests cancels;

  private Endpoint(String name, PipelinedConnections pipelined, HeldConnections held, CancelRequests cancels) {
    this.name = name;
    this.pipelined = pipelined;
    this.held = held;
    this.cancels = cancels;
  }

  /**
   * @param batchRows the most rows a batch of pipelined statements may return (0: no batches)
   */
  static Endpoint connect(Vertx vertx, AppConfig config, DatabaseUrl url, int batchRows) {
    SessionSettings settings = SessionSettings.of(config);
    int loops = config.requestEventLoops();
    CancelRequests cancels = new CancelRequests(vertx, url.host(), url.port(), config.dbConnectTimeoutMs());
    // each its own options (their copy constructor drops the layer-7 proxy mode)
    PgConnectOptions pipelinedOptions = settings.connectOptions(url).setPipeliningLimit(config.dbPipeliningLimit());
    pipelinedOptions.setMetricsName("pipelined");
    StatementSpans spans = null;
    if (config.tracingEnabled()) {
      pipelinedOptions.setTracingPolicy(TracingPolicy.IGNORE); // reported by StatementSpans instead
      spans = new StatementSpans(pipelinedOptions);
    }
    PipelinedConnections pipelined = new PipelinedConnections(vertx,
        opener(vertx, pipelinedOptions, settings, config.dbConnectTimeoutMs()),
        share(config.dbPipelinedConnections(), loops), config.dbPipeliningLimit(), batchRows, spans, cancels);
    PgConnectOptions heldOptions = settings.connectOptions(url);
    heldOptions.setMetricsName("held");
    HeldConnections held = new HeldConnections(vertx,
        () -> heldPool(vertx, config, heldOptions, settings, share(config.dbPoolSize(), loops)),
        config.dbConnectTimeoutMs(), cancels,
        new CursorStatements(settings.pooler() != AppConfig.DbPooler.TRANSACTION));
    return new Endpoint(url.redacted(), pipelined, held, cancels);
  }

  /** The URL without its password, for logs and metrics. */
  public String name() {
    return name;
  }

  /** A quick statement, pipelined; one returning at most {@code rowsAtMost} rows may share a batch. */
  public Future<RowSet<Row>> execute(String sql, Tuple params, int rowsAtMost, Deadline deadline) {
    return pipelined.execute(sql, params, rowsAtMost, deadline);
  }

  /** A slow statement, on a connection of its own (it would hold up the quick ones queued behind it). */
  public Future<RowSet<Row>> executeAlone(String sql, Tuple params, Deadline deadline) {
    return held.withConnection(deadline, connection -> connection.preparedQuery(sql).execute(params));
  }

  /** Work on a connection of its own, in a transaction (committed if it succeeds, else rolled back). */
  public <T> Future<T> withTransaction(Deadline deadline, Function<OpenTransaction, Future<T>> work) {
    return held.withTransaction(deadline, work);
  }

  HeldConnections held() {
    return held;
  }

  public int openPipelinedConnections() {
    return pipelined.openConnections();
  }

  /** Statements on the pipelined connections, sent or waiting for room. */
  public int pipelinedStatements() {
    return pipelined.statements();
  }

  public int openHeldConnections() {
    return held.openConnections();
  }

  public Future<Void> close() {
    return Future.join(pipelined.close(), held.close()).eventually(cancels::close).mapEmpty();
  }

  /** A share of {@code total} connections for each of {@code loops} event loops, rounded up. */
  private static int share(int total, int loops) {
    return (total + loops - 1) / loops;
  }

  /**
   * Opens one connection and sets its session up, within {@code timeoutMs}: the client ignores its
   * sockets' connect timeout (vertx-sql-client issue #1608), so the bound is kept here; a connection
   * that arrives after it is closed.
   */
  private static Supplier<Future<PgConnection>> opener(Vertx vertx, PgConnectOptions options,
                                                       SessionSettings settings, int timeoutMs) {
    return () -> {
      Promise<PgConnection> opened = Promise.promise();
      long timer = vertx.setTimer(timeoutMs, id -> opened.tryFail(new DatabaseUnavailable(
          DatabaseUnavailable.Reason.UNREACHABLE, new HeldConnections.NoConnectionInTime(timeoutMs))));
      PgConnection.connect(vertx, options)
          .compose(connection -> settings.prepare(connection).map(connection)
              .onFailure(failed -> connection.close()))
          .onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.failed()) {
              opened.tryFail(done.cause());
            } else if (!opened.tryComplete(done.result())) {
              done.result().close();
            }
          });
      return opened.future();
    };
  }

  /**
   * One event loop's pool of held connections, made on the loop that asks for a connection (event
   * loop size 0). Its callers' wait for a connection is bounded by {@link HeldConnections}, not here.
   */
  private static Pool heldPool(Vertx vertx, AppConfig config, PgConnectOptions options, SessionSettings settings,
                               int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("held").setConnectionTimeout(0).setEventLoopSize(0)
            .setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES).setPoolCleanerPeriod(30_000))
        // kept for when the client honours them (vertx-sql-client issue #1608, fixed after 5.0.7)
        .with(new NetClientOptions().setConnectTimeout(config.dbConnectTimeoutMs()))
        .withConnectHandler(connection -> settings.prepare(connection).onComplete(done -> {
          if (done.failed()) {
            LOG.warn("a held connection's session could not be set up: {}", done.cause().getMessage());
          }
          connection.close(); // into the pool
        }))
        .connectingTo(options).using(vertx).build();
  }
}
