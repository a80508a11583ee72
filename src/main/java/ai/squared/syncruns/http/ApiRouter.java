package ai.squared.syncruns.http;

import ai.squared.syncruns.auth.BearerAuthHandler;
import ai.squared.syncruns.auth.Revocation;
import ai.squared.syncruns.ops.HealthHandlers;
import ai.squared.syncruns.ops.MetricsRoute;
import ai.squared.syncruns.ops.Tracing;
import io.netty.util.AsciiString;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The route table. The API operation comes from the contract ({@link RouterBuilder}); its chain is
 * authentication → the contract's parameter checks → the endpoint, in SPEC's check order.
 */
public final class ApiRouter {

  private ApiRouter() {
  }

  /**
   * What the routes lead to.
   *
   * @param metricsPath the scrape's path on this port; empty when it is on the management port
   * @param tracing whether each route names the request's span
   */
  public record Parts(BearerAuthHandler authentication, Revocation revocation, List<Endpoint> endpoints,
                      HealthHandlers health, ErrorHandler errors, RequestLogHandler requestLog,
                      Optional<String> metricsPath, boolean tracing) {
  }

  /** An operation of the contract and the handler that answers it. */
  public record Endpoint(String operationId, Handler<RoutingContext> handler) {
  }

  public static Router create(Vertx vertx, OpenAPIContract contract, ContractDocument document, Parts parts) {
    boolean tracing = parts.tracing();
    ErrorHandler errors = parts.errors();
    RouterBuilder builder = RouterBuilder.create(vertx, contract).rootHandler(parts.requestLog())
        .rootHandler(ApiRouter::unambiguousMessages).rootHandler(ApiRouter::closeWhenAsked)
        .rootHandler(ApiRouter::canonicalPathsOnly);
    for (Endpoint endpoint : parts.endpoints()) {
      OpenAPIRoute route = builder.getRoute(endpoint.operationId());
      requireBearerSecurity(route);
      String template = route.getOperation().getOpenAPIPath();
      route.setDoSecurity(false)
          .setDoValidation(false)
          .addHandler(named(template, tracing))
          .addHandler(ApiRouter::perUser)
          .addHandler(parts.authentication())
          .addHandler(new ContractValidationHandler(contract, endpoint.operationId(), parts.revocation()))
          .addHandler(endpoint.handler())
          .addFailureHandler(errors);
    }

    Router router = builder.createRouter();
    String contractYaml = document.yaml();
    // the one answer a shared cache may keep: it is gzipped for clients that ask, so caches key on that
    router.get("/openapi.yaml").handler(named("/openapi.yaml", tracing)).handler(rc -> rc.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .putHeader(HttpHeaders.VARY, "Accept-Encoding").end(contractYaml));
    parts.metricsPath().ifPresent(path -> MetricsRoute.mount(router, path, named(path, tracing)));
    router.get("/health/live").handler(named("/health/live", tracing)).handler(parts.health()::live);
    router.get("/health/ready").handler(named("/health/ready", tracing)).handler(parts.health()::ready);
    getOnly(router, "/openapi.yaml", "/health/live", "/health/ready");
    parts.metricsPath().ifPresent(path -> getOnly(router, path));
    for (Endpoint endpoint : parts.endpoints()) {
      String template = builder.getRoute(endpoint.operationId()).getOperation().getOpenAPIPath();
      router.route(routerPath(template)).handler(named(template, tracing)).handler(ApiRouter::perUser)
          .handler(rc -> rc.fail(ApiError.methodNotAllowed()));
    }
    router.route().handler(rc -> rc.fail(ApiError.notFound()));
    router.route().failureHandler(errors);
    // failures the router meets before any route runs (an undecodable URI, say)
    router.errorHandler(400, errors.forStatus(400));
    router.errorHandler(500, errors.forStatus(500));
    return router;
  }

  /** The contract's path template ({@code /syncs/{sync_id}}) as Vert.x Web writes it ({@code /syncs/:sync_id}). */
  static String routerPath(String template) {
    return template.replaceAll("\\{([a-z_]+)}", ":$1");
  }

  /** Records the route's template for the request log line and, when tracing, on the request's span. */
  private static Handler<RoutingContext> named(String template, boolean tracing) {
    if (tracing) {
      return rc -> {
        rc.put(RequestLogHandler.ROUTE, template);
        Tracing.nameServerSpan(rc.request().method().name(), template);
        rc.next();
      };
    }
    return rc -> {
      rc.put(RequestLogHandler.ROUTE, template);
      rc.next();
    };
  }

  /** Other methods on the GET-only paths beside the API: 405 with {@code Allow: GET}, not 404. */
  static void getOnly(Router router, String... paths) {
    for (String path : paths) {
      router.route(path).handler(rc -> rc.fail(ApiError.methodNotAllowed()));
    }
  }

  /**
   * Requests whose framing or target is ambiguous are refused, and their connection closed (RFC 9112
   * 6.1, 6.3 and 3.2): a Transfer-Encoding that does not end in chunked or names it twice (the
   * decoder would read the body as the next request: a request-smuggling risk behind a proxy that
   * reads it otherwise), one in HTTP/1.0, or more than one Host. Any other request with a
   * Transfer-Encoding closes its connection after the answer: it may also have had a Content-Length,
   * which the decoder drops without a trace, and a proxy may have framed it by that one.
   */
  private static void unambiguousMessages(RoutingContext rc) {
    var headers = rc.request().headers();
    boolean encoded = headers.contains(HttpHeaders.TRANSFER_ENCODING);
    ApiError.ParameterError problem = null;
    if (encoded && rc.request().version() == HttpVersion.HTTP_1_0) {
      problem = new ApiError.ParameterError("Transfer-Encoding", "header", "is not HTTP/1.0");
    } else if (encoded && !chunkedOnceAndLast(headers.getAll(HttpHeaders.TRANSFER_ENCODING))) {
      problem = new ApiError.ParameterError("Transfer-Encoding", "header", "must end in chunked, named once");
    } else if (headers.getAll(HttpHeaders.HOST).size() > 1) {
      problem = new ApiError.ParameterError("Host", "header", "must be given once");
    }
    if (encoded || problem != null) {
      rc.response().putHeader(HttpHeaders.CONNECTION, "close");
      rc.addEndHandler(ended -> rc.request().connection().close());
    }
    if (problem != null) {
      rc.fail(ApiError.badRequest(List.of(problem)));
    } else {
      rc.next();
    }
  }

  private static boolean chunkedOnceAndLast(List<String> fields) {
    List<String> codings = options(fields.stream()).toList();
    return !codings.isEmpty() && codings.get(codings.size() - 1).equalsIgnoreCase("chunked")
        && codings.stream().filter(coding -> coding.equalsIgnoreCase("chunked")).count() == 1;
  }

  /** The comma-separated options of a header's fields, trimmed, empty ones left out. */
  private static Stream<String> options(Stream<String> fields) {
    return fields.flatMap(field -> Arrays.stream(field.split(",")))
        .map(String::trim).filter(option -> !option.isEmpty());
  }

  /**
   * A {@code close} among the Connection header's options closes the connection after the answer
   * (RFC 9112 9.6). Vert.x 5.0.7 only sees a header that is exactly {@code close}, so it would keep
   * {@code Connection: keep-alive, close} open.
   */
  static void closeWhenAsked(RoutingContext rc) {
    var headers = rc.request().headers();
    boolean asked = headers.contains(HttpHeaders.CONNECTION) && options(headers.getAll(HttpHeaders.CONNECTION)
        .stream().filter(field -> AsciiString.containsIgnoreCase(field, "close")))
        .anyMatch(option -> option.equalsIgnoreCase("close"));
    if (asked && rc.request().version() != HttpVersion.HTTP_2) {
      rc.response().putHeader(HttpHeaders.CONNECTION, "close");
      rc.addEndHandler(ended -> rc.request().connection().close());
    }
    rc.next();
  }

  /**
   * A path is known only in its own spelling: the router would otherwise also serve
   * {@code /sync_runs/}, {@code //}, and {@code .} or {@code ..} segments (plain or percent-encoded)
   * as the path they normalize to.
   */
  private static void canonicalPathsOnly(RoutingContext rc) {
    String path = rc.request().path();
    String dots = path.indexOf('%') < 0 ? path : path.replace("%2e", ".").replace("%2E", ".");
    boolean canonical = path.length() == 1 || !(path.endsWith("/") || path.contains("//")
        || dots.contains("/./") || dots.contains("/../") || dots.endsWith("/.") || dots.endsWith("/.."));
    if (canonical) {
      rc.next();
    } else {
      rc.fail(ApiError.notFound());
    }
  }

  /** Every answer of the API is for one user: no cache may keep it. */
  private static void perUser(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CACHE_CONTROL, ErrorHandler.NO_STORE);
    rc.next();
  }

  /** Authentication is wired by hand above; make sure the contract still asks for exactly that. */
  private static void requireBearerSecurity(OpenAPIRoute route) {
    boolean bearer = route.getOperation().getSecurityRequirements().stream()
        .anyMatch(requirement -> requirement.getNames().contains("bearerAuth"));
    if (!bearer || route.getOperation().getHttpMethod() != HttpMethod.GET) {
      throw new IllegalStateException("the contract's " + route.getOperation().getOperationId()
          + " must be a GET secured by bearerAuth");
    }
  }
}
