package ai.squared.syncruns.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@link AppConfig}: {@code config/application.yaml} (from the working directory, else
 * the copy packaged in the jar) holds every default; environment variables of the same names
 * override it. This is the only place that reads the environment.
 */
public final class ConfigLoader {
  static final String DEFAULTS_PATH = "config/application.yaml";
  /** The contract's default per_page: a smaller PER_PAGE_MAX would refuse the links it writes for it. */
  private static final int DEFAULT_PER_PAGE = 10;
  static final List<String> KEYS = List.of(
      "HTTP_HOST", "HTTP_PORT", "HTTP_INSTANCES", "HTTP_MAX_REQUEST_LINE", "HTTP_MAX_HEADER_SIZE",
      "HTTP_IDLE_TIMEOUT_SECONDS", "HTTP_HEADER_TIMEOUT_SECONDS", "HTTP2_CLEARTEXT",
      "HTTP_COMPRESSION_MIN_BYTES", "TRANSPORT", "ACCESS_LOG", "METRICS_ENABLED",
      "METRICS_PATH", "MANAGEMENT_PORT", "TRACING_ENABLED", "OTEL_EXPORTER_OTLP_ENDPOINT",
      "PUBLIC_BASE_URL", "PER_PAGE_MAX", "SHUTDOWN_TIMEOUT_MS",
      "DATABASE_URL", "DATABASE_REPLICA_URLS", "DB_REPLICA_MAX_LAG_MS", "DB_MIGRATE", "DB_POOLER", "DB_POOL_SIZE", "DB_PIPELINED_CONNECTIONS", "DB_PIPELINING_LIMIT",
      "DB_CONNECT_TIMEOUT_MS", "DB_STATEMENT_TIMEOUT_MS", "STREAM_STALL_TIMEOUT_MS",
      "RETRY_AFTER_SECONDS", "EMBEDDED_DB_DIR", "EMBEDDED_DB_PORT",
      "JWT_SECRET", "JWT_PUBLIC_KEY", "JWT_JWKS", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_LEEWAY_SECONDS", "JWT_CHECK_JTI",
      "COUNT_CACHE_TTL_MS", "COUNT_CACHE_MIN_ROWS", "POSITION_CACHE_TTL_MS", "POSITION_CACHE_MIN_OFFSET");

  private static final List<String> POOLERS = List.of("none", "session", "transaction");

  private ConfigLoader() {
  }

  /** Defaults, then the environment, merged but not yet checked (see {@link #fromJson}). */
  public static Future<JsonObject> load(Vertx vertx) {
    ConfigStoreOptions defaults = new ConfigStoreOptions().setType("file").setFormat("yaml")
        .setConfig(new JsonObject().put("path", DEFAULTS_PATH));
    ConfigStoreOptions environment = new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("keys", new JsonArray(KEYS)).put("raw-data", true));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(defaults).addStore(environment));
    return retriever.getConfig().eventually(retriever::close);
  }

  /** Validates and types a merged configuration; throws {@link ConfigException} naming the bad key. */
  public static AppConfig fromJson(JsonObject merged) {
    ConfigValues values = new ConfigValues(merged);
    return new AppConfig(
        values.string("HTTP_HOST"),
        values.integer("HTTP_PORT", 0, 65535),
        values.integer("HTTP_INSTANCES", 0, 256),
        values.integer("HTTP_MAX_REQUEST_LINE", 256, 1_048_576),
        values.integer("HTTP_MAX_HEADER_SIZE", 1024, 1_048_576),
        values.integer("HTTP_IDLE_TIMEOUT_SECONDS", 0, 86_400),
        values.integer("HTTP_HEADER_TIMEOUT_SECONDS", 0, 3600),
        values.bool("HTTP2_CLEARTEXT"),
        values.integer("HTTP_COMPRESSION_MIN_BYTES", -1, Integer.MAX_VALUE),
        values.oneOf("TRANSPORT", AppConfig.TRANSPORTS),
        values.bool("ACCESS_LOG"),
        values.bool("METRICS_ENABLED"),
        values.path("METRICS_PATH"),
        values.optionalInteger("MANAGEMENT_PORT", 0, 65535),
        values.bool("TRACING_ENABLED"),
        values.httpUrl("OTEL_EXPORTER_OTLP_ENDPOINT"),
        values.httpUrl("PUBLIC_BASE_URL"),
        values.integer("PER_PAGE_MAX", DEFAULT_PER_PAGE, 100_000),
        values.integer("SHUTDOWN_TIMEOUT_MS", 0, 600_000),
        values.databaseUrl("DATABASE_URL"),
        values.databaseUrls("DATABASE_REPLICA_URLS"),
        values.integer("DB_REPLICA_MAX_LAG_MS", 0, 3_600_000),
        values.bool("DB_MIGRATE"),
        AppConfig.DbPooler.valueOf(values.oneOf("DB_POOLER", POOLERS).toUpperCase(Locale.ROOT)),
        values.integer("DB_POOL_SIZE", 1, 1000),
        values.integer("DB_PIPELINED_CONNECTIONS", 1, 1000),
        values.integer("DB_PIPELINING_LIMIT", 1, 256),
        values.integer("DB_CONNECT_TIMEOUT_MS", 1, 600_000),
        values.integer("DB_STATEMENT_TIMEOUT_MS", 0, 3_600_000),
        values.integer("STREAM_STALL_TIMEOUT_MS", 0, 3_600_000),
        values.integer("RETRY_AFTER_SECONDS", 0, 3600),
        values.optionalString("EMBEDDED_DB_DIR"),
        values.integer("EMBEDDED_DB_PORT", 0, 65535),
        values.optionalString("JWT_SECRET"),
        values.optionalString("JWT_PUBLIC_KEY"),
        values.optionalString("JWT_JWKS"),
        values.optionalString("JWT_ISSUER"),
        values.optionalString("JWT_AUDIENCE"),
        values.integer("JWT_LEEWAY_SECONDS", 0, 3600),
        values.bool("JWT_CHECK_JTI"),
        values.integer("COUNT_CACHE_TTL_MS", 0, 3_600_000),
        values.integer("COUNT_CACHE_MIN_ROWS", 0, Integer.MAX_VALUE),
        values.integer("POSITION_CACHE_TTL_MS", 0, 3_600_000),
        values.integer("POSITION_CACHE_MIN_OFFSET", 0, Integer.MAX_VALUE));
  }
}
