package ai.squared.syncruns.http;

import ai.squared.syncruns.auth.BearerAuthHandler;
import ai.squared.syncruns.ops.HealthHandlers;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * The route table. The API operation comes from the contract ({@link RouterBuilder}); its chain is
 * authentication → the contract's parameter checks → the endpoint, in SPEC's check order.
 */
public final class ApiRouter {
  static final String SYNC_RUNS_PATH = "/api/v1/syncs/:sync_id/sync_runs";
  private static final String SYNC_RUNS_TEMPLATE = "/api/v1/syncs/{sync_id}/sync_runs";
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, OpenAPIContract contract, ContractDocument document,
                              BearerAuthHandler authentication, Handler<RoutingContext> syncRuns,
                              HealthHandlers health, ErrorHandler errors, RequestLogHandler requestLog) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract).rootHandler(requestLog);
    OpenAPIRoute listSyncRuns = builder.getRoute(ContractDocument.OPERATION_ID);
    requireBearerSecurity(listSyncRuns);
    listSyncRuns
        .setDoSecurity(false)
        .setDoValidation(false)
        .addHandler(ApiRouter::perUser)
        .addHandler(authentication)
        .addHandler(new ContractValidationHandler(contract, ContractDocument.OPERATION_ID))
        .addHandler(syncRuns)
        .addFailureHandler(errors);

    Router router = builder.createRouter();
    String contractYaml = document.yaml();
    router.get("/openapi.yaml").handler(named("/openapi.yaml")).handler(rc -> rc.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(contractYaml));
    if (BackendRegistries.getDefaultNow() != null) { // Vert.x was built with metrics (METRICS_ENABLED)
      router.get("/metrics").handler(named("/metrics")).handler(PrometheusScrapingHandler.create());
    }
    router.get("/health/live").handler(named("/health/live")).handler(health::live);
    router.get("/health/ready").handler(named("/health/ready")).handler(health::ready);
    router.route(SYNC_RUNS_PATH).handler(named(SYNC_RUNS_TEMPLATE))
        .handler(rc -> rc.fail(ApiError.methodNotAllowed()));
    router.route().handler(rc -> rc.fail(ApiError.notFound()));
    router.route().failureHandler(errors);
    // failures the router meets before any route runs (an undecodable URI, say)
    router.errorHandler(400, errors.forStatus(400));
    router.errorHandler(500, errors.forStatus(500));
    return router;
  }

  /** Records the route's template for the request log line. */
  private static Handler<RoutingContext> named(String template) {
    return rc -> {
      rc.put(RequestLogHandler.ROUTE, template);
      rc.next();
    };
  }

  /** Every answer of the API is for one user: no cache may keep it. */
  private static void perUser(RoutingContext rc) {
    rc.put(RequestLogHandler.ROUTE, SYNC_RUNS_TEMPLATE);
    rc.response().putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    rc.next();
  }

  /** Authentication is wired by hand above; make sure the contract still asks for exactly that. */
  private static void requireBearerSecurity(OpenAPIRoute route) {
    boolean bearer = route.getOperation().getSecurityRequirements().stream()
        .anyMatch(requirement -> requirement.getNames().contains("bearerAuth"));
    if (!bearer || route.getOperation().getHttpMethod() != HttpMethod.GET) {
      throw new IllegalStateException("the contract's getSyncRuns must be a GET secured by bearerAuth");
    }
  }
}
