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

  /**
   * The sockets' options. vertx-pg-client 5.0.7 drops them (its {@code PgDriver.createConnectionFactory}
   * ignores its transport options: vertx-sql-client issue #1608, fixed upstream by #1630 after 5.0.7),
   * so today a connection is bounded by the pools' waits alone; kept so that they apply as soon as the
   * client honours them.
   */
  private static NetClientOptions network(AppConfig config) {
    return new NetClientOptions().setConnectTimeout(config.dbConnectTimeoutMs());
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
