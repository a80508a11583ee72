package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * How the server's sessions are set up, by what sits in front of PostgreSQL (DB_POOLER).
 *
 * <ul>
 *   <li>{@code none}: the settings travel as startup parameters, and statements are prepared once per
 *       connection and cached.</li>
 *   <li>{@code session}: a pooler such as PgBouncer accepts no startup parameter but a few
 *       ({@link #POOLER_STARTUP}), so the settings are {@code SET} once a session is open; a session
 *       pooler keeps them for as long as the connection lasts.</li>
 *   <li>{@code transaction}: the server may change between two statements, so nothing is kept in the
 *       session: no settings (an operator may set them on the role, see the docs), and every statement
 *       is parsed where it runs, in the same round trip (the client's layer-7 proxy mode, with unnamed
 *       statements whose descriptions alone are cached).</li>
 * </ul>
 *
 * The statement timeout set here is only a backstop: the server cancels a statement past the
 * request's {@link Deadline} itself, in every mode.
 */
public final class SessionSettings {
  /** The startup parameters PgBouncer passes on (extra_float_digits is only ignored, and only if told). */
  private static final String APPLICATION_NAME = "sync-runs-server";
  /**
   * The statements are index-driven whatever the values; without this PostgreSQL keeps re-planning
   * them per execution (custom plans look cheaper than the generic one), which measured as ~40 % of
   * the database's CPU per request (bench S1: 5.3k → 9.2k rps).
   */
  private static final String PLAN_CACHE_MODE = "force_generic_plan";

  private static final int BACKSTOP_MARGIN_MS = 1000;
  private static final String SET_SESSION =
      "SELECT set_config('plan_cache_mode', $1, false), set_config('statement_timeout', $2, false)";

  private final AppConfig.DbPooler pooler;
  private final int statementTimeoutMs;

  public SessionSettings(AppConfig.DbPooler pooler, int statementTimeoutMs) {
    this.pooler = pooler;
    this.statementTimeoutMs = statementTimeoutMs;
  }

  public static SessionSettings of(AppConfig config) {
    return new SessionSettings(config.dbPooler(), config.dbStatementTimeoutMs());
  }

  public AppConfig.DbPooler pooler() {
    return pooler;
  }

  /** Connect options for {@code url}: startup parameters, statement cache, protocol mode. */
  public PgConnectOptions connectOptions(DatabaseUrl url) {
    PgConnectOptions options = url.connectOptions().setReconnectAttempts(0);
    Map<String, String> startup = new HashMap<>();
    startup.put("application_name", APPLICATION_NAME);
    startup.put("client_encoding", "utf8");
    // the server reports "ISO, MDY" back; a pooler that was sent "ISO" sets it again on every hand-over
    startup.put("DateStyle", pooler == AppConfig.DbPooler.NONE ? "ISO" : "ISO, MDY");
    if (pooler == AppConfig.DbPooler.NONE) {
      startup.put("extra_float_digits", "2"); // the client's own default; poolers refuse it
      startup.put("plan_cache_mode", PLAN_CACHE_MODE);
      if (statementTimeoutMs > 0) {
        startup.put("statement_timeout", Integer.toString(backstopMs()));
      }
    }
    options.setProperties(startup);
    // in transaction mode the cached statements are unnamed: the cache keeps their descriptions, and
    // each execution parses its statement again in its own transaction (the vendored
    // PrepareStatementCommandCodec)
    return options.setUseLayer7Proxy(pooler == AppConfig.DbPooler.TRANSACTION)
        .setCachePreparedStatements(true).setPreparedStatementCacheMaxSize(64);
  }

  /**
   * PostgreSQL's own statement timeout: a second past the request's bound, so that the server's
   * cancel comes first (and with it no race between two cancels), and PostgreSQL's only when the
   * server's never arrives.
   */
  private int backstopMs() {
    return statementTimeoutMs + BACKSTOP_MARGIN_MS;
  }

  /** What a new session must run before its first statement (session pooling only). */
  public Future<Void> prepare(SqlConnection connection) {
    if (pooler != AppConfig.DbPooler.SESSION) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(SET_SESSION)
        .execute(Tuple.of(PLAN_CACHE_MODE, statementTimeoutMs > 0 ? backstopMs() + "ms" : "0")).mapEmpty();
  }
}
