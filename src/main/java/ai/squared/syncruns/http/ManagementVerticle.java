package ai.squared.syncruns.http;

import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.ops.HealthHandlers;
import ai.squared.syncruns.ops.MetricsRoute;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The management port (MANAGEMENT_PORT): the Prometheus scrape and the health probes, apart from the
 * API so that only the API needs to face the public ingress. Anything else is the contract's 404.
 */
public final class ManagementVerticle extends VerticleBase {
  private final AppConfig config;
  private final Database database;
  private HttpServer server;

  public ManagementVerticle(AppConfig config, Database database) {
    this.config = config;
    this.database = database;
  }

  @Override
  public Future<?> start() {
    ErrorHandler errors = new ErrorHandler(config.retryAfterSeconds());
    HealthHandlers health = new HealthHandlers(vertx, database, Deadline.probeBoundMs(config),
        config.retryAfterSeconds());
    Router router = Router.router(vertx);
    router.route().handler(ApiRouter::closeWhenAsked);
    MetricsRoute.mount(router, config.metricsPath(), RoutingContext::next);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    ApiRouter.getOnly(router, config.metricsPath(), "/health/live", "/health/ready");
    router.route().handler(rc -> rc.fail(ApiError.notFound()));
    router.route().failureHandler(errors);
    router.errorHandler(400, errors.forStatus(400));
    router.errorHandler(500, errors.forStatus(500));
    server = vertx.createHttpServer(ServerOptions.on(config, config.managementPort().orElseThrow()));
    return server.requestHandler(RequestHeadDeadline.install(vertx, config, server, HostGuard.before(router)))
        .invalidRequestHandler(new InvalidRequestHandler()).listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
