package ai.squared.syncruns.http;

import ai.squared.syncruns.auth.BearerAuthHandler;
import ai.squared.syncruns.auth.JwtVerifier;
import ai.squared.syncruns.auth.Revocation;
import ai.squared.syncruns.auth.VerificationKeys;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.ops.HealthHandlers;
import ai.squared.syncruns.ops.Metrics;
import ai.squared.syncruns.paging.DatabaseRequests;
import ai.squared.syncruns.records.SyncRecordsHandler;
import ai.squared.syncruns.runs.SyncRunHandler;
import ai.squared.syncruns.runs.SyncRunsHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One event loop's HTTP server; start completes only once it listens. */
public final class ApiVerticle extends VerticleBase {
  private final AppConfig config;
  private final OpenAPIContract contract;
  private final ContractDocument document;
  private final Database database;
  private final VerificationKeys keys;
  private HttpServer server;

  public ApiVerticle(AppConfig config, OpenAPIContract contract, ContractDocument document, Database database,
                     VerificationKeys keys) {
    this.config = config;
    this.contract = contract;
    this.document = document;
    this.database = database;
    this.keys = keys;
  }

  @Override
  public Future<?> start() {
    BaseUrl baseUrl = new BaseUrl(config.publicBaseUrl());
    DatabaseRequests requests = new DatabaseRequests(vertx, database, Deadline.requestBoundMs(config));
    Router router = ApiRouter.create(vertx, contract, document, new ApiRouter.Parts(
        new BearerAuthHandler(new JwtVerifier(vertx, config, keys)),
        new Revocation(vertx, database, Deadline.requestBoundMs(config), config.jwtCheckJti()),
        List.of(new ApiRouter.Endpoint(ContractDocument.LIST_SYNC_RUNS, new SyncRunsHandler(requests, baseUrl, config)),
            new ApiRouter.Endpoint(ContractDocument.GET_SYNC_RUN, new SyncRunHandler(requests, config.jwtCheckJti())),
            new ApiRouter.Endpoint(ContractDocument.LIST_SYNC_RECORDS,
                new SyncRecordsHandler(requests, baseUrl, config))),
        new HealthHandlers(vertx, database, Deadline.probeBoundMs(config), config.retryAfterSeconds()),
        new ErrorHandler(config.retryAfterSeconds()),
        new RequestLogHandler(config.accessLog()),
        config.managementPort().isPresent() ? Optional.empty() : Optional.of(config.metricsPath()),
        config.tracingEnabled()));
    HttpServerOptions options = ServerOptions.on(config, config.httpPort())
        // every request is handled and answered on its own event loop (the database clients call
        // back on the caller's context), which lets Vert.x skip cross-thread hand-offs
        .setStrictThreadMode(true);
    if (config.httpCompressionMinBytes() >= 0) {
      // the fastest level: most of the size gain on JSON for a fraction of the CPU of the default 6
      options.setCompressionSupported(true).setCompressionLevel(1)
          .setCompressionContentSizeThreshold(config.httpCompressionMinBytes());
    }
    server = vertx.createHttpServer(options);
    Metrics.watchEventLoopLag(vertx);
    return server.requestHandler(RequestHeadDeadline.install(vertx, config, server, HostGuard.before(router)))
        .invalidRequestHandler(new InvalidRequestHandler()).listen();
  }

  /** Graceful: stop accepting, let in-flight responses finish within the bound, then close. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(config.shutdownTimeoutMs(), TimeUnit.MILLISECONDS);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
