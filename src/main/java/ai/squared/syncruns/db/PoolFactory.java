package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import java.util.concurrent.TimeUnit;

/** The reactive connection pool, bounded everywhere so a sick database is a fast 503, never a hang. */
public final class PoolFactory {
  private PoolFactory() {
  }

  /**
   * One event loop's pool of held connections: DB_POOL_SIZE shared evenly (rounded up) by the event
   * loops that serve requests, made on the loop that asks for a connection (event loop size 0). Its
   * callers' wait for a connection is bounded by {@link HeldConnections}, not here.
   */
  static Pool createHeld(Vertx vertx, AppConfig config, DatabaseUrl url) {
    int loops = config.requestEventLoops();
    int share = (config.dbPoolSize() + loops - 1) / loops;
    return PgBuilder.pool()
        .with(poolOptions(config, share).setName("held").setConnectionTimeout(0).setEventLoopSize(0))
        .with(network(config))
        .connectingTo(connectOptions(config, url).setMetricsName("held")).using(vertx).build();
  }

  /**
   * A client whose connections each carry many statements in flight at once (pipelining): for the
   * single statements of the request path, where it lets a few connections serve the load.
   */
  public static SqlClient createPipelined(Vertx vertx, AppConfig config, DatabaseUrl url) {
    return PgBuilder.client().with(poolOptions(config, config.dbPipelinedConnections()).setName("pipelined"))
        .with(network(config))
        .connectingTo(connectOptions(config, url).setPipeliningLimit(config.dbPipeliningLimit())
            .setMetricsName("pipelined"))
        .using(vertx).build();
  }

  private static NetClientOptions network(AppConfig config) {
    NetClientOptions options = new NetClientOptions().setConnectTimeout(config.dbConnectTimeoutMs());
    long silentMs = deadSocketMs(config);
    if (silentMs > 0) {
      options.setReadIdleTimeout((int) silentMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    return options;
  }

  /**
   * How long a database connection may read nothing before it is closed: longer than any wait a
   * healthy one has (a request's whole bound; a streamed page paused for its client, until the
   * stall check cuts that client off), plus two seconds. A socket a silent database left open,
   * with a statement or a rollback stuck on it, is then dropped from its pool and replaced, where
   * TCP alone would keep it for about 15 minutes; an idle one is too, and is opened again when
   * next needed. 0 (never) when either bound is off, where a healthy connection may wait for ever.
   */
  static long deadSocketMs(AppConfig config) {
    long request = ReplyDeadline.boundMs(config);
    long stall = config.streamStallTimeoutMs();
    return request == 0 || stall == 0 ? 0 : Math.max(request, stall * 3 / 2) + 2_000;
  }

  private static PgConnectOptions connectOptions(AppConfig config, DatabaseUrl url) {
    PgConnectOptions connect = url.connectOptions()
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(64)
        .setReconnectAttempts(0)
        .addProperty("application_name", "sync-runs-server")
        // The statements are index-driven whatever the values; without this PostgreSQL keeps
        // re-planning them per execution (custom plans look cheaper than the generic one), which
        // measured as ~40 % of the database's CPU per request (bench S1: 5.3k → 9.2k rps).
        .addProperty("plan_cache_mode", "force_generic_plan");
    if (config.dbStatementTimeoutMs() > 0) {
      connect.addProperty("statement_timeout", Integer.toString(config.dbStatementTimeoutMs()));
    }
    return connect;
  }

  private static PoolOptions poolOptions(AppConfig config, int size) {
    return new PoolOptions()
        .setMaxSize(size)
        .setConnectionTimeout(config.dbConnectTimeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(5)
        .setIdleTimeoutUnit(TimeUnit.MINUTES)
        .setPoolCleanerPeriod(30_000)
        .setEventLoopSize(config.effectiveHttpInstances());
  }
}
