package ai.squared.syncruns.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every setting of the server, typed and validated once at start. Built by {@link ConfigLoader}
 * (defaults from {@code config/application.yaml}, overridden by environment variables of the same
 * name) or directly by tests.
 */
public record AppConfig(
    String httpHost,
    int httpPort,
    int httpInstances,
    int httpMaxRequestLineLength,
    int httpMaxHeaderSize,
    int httpIdleTimeoutSeconds,
    int httpHeaderTimeoutSeconds,
    boolean http2Cleartext,
    int httpCompressionMinBytes,
    String transport,
    boolean accessLog,
    boolean metricsEnabled,
    String metricsPath,
    OptionalInt managementPort,
    boolean tracingEnabled,
    Optional<String> otlpEndpoint,
    Optional<String> publicBaseUrl,
    int perPageMax,
    long shutdownTimeoutMs,
    Optional<String> databaseUrl,
    List<String> databaseReplicaUrls,
    int dbReplicaMaxLagMs,
    boolean dbMigrate,
    DbPooler dbPooler,
    int dbPoolSize,
    int dbPipelinedConnections,
    int dbPipeliningLimit,
    int dbConnectTimeoutMs,
    int dbStatementTimeoutMs,
    int streamStallTimeoutMs,
    int retryAfterSeconds,
    Optional<String> embeddedDbDir,
    int embeddedDbPort,
    Optional<String> jwtSecret,
    Optional<String> jwtPublicKey,
    Optional<String> jwtJwks,
    Optional<String> jwtIssuer,
    Optional<String> jwtAudience,
    int jwtLeewaySeconds,
    boolean jwtCheckJti,
    int countCacheTtlMs,
    int countCacheMinRows,
    int positionCacheTtlMs,
    int positionCacheMinOffset) {

  /** What sits between the server and PostgreSQL (DB_POOLER). */
  public enum DbPooler { NONE, SESSION, TRANSACTION }

  /** The values of TRANSPORT (see {@code ai.squared.syncruns.TransportChoice}). */
  public static final List<String> TRANSPORTS = List.of("auto", "io_uring", "epoll", "nio");

  /** Event loops the server runs: one per core. */
  public static int eventLoops() {
    return Runtime.getRuntime().availableProcessors();
  }

  public int effectiveHttpInstances() {
    return httpInstances > 0 ? httpInstances : eventLoops();
  }

  /** Event loops that serve requests: one per HTTP instance, at most all of them. */
  public int requestEventLoops() {
    return Math.min(effectiveHttpInstances(), eventLoops());
  }
}
