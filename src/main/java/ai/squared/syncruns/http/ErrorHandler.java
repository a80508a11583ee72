package ai.squared.syncruns.http;

import ai.squared.syncruns.db.DatabaseUnavailable;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every error response is written (SPEC §1, Errors). Known errors keep their status;
 * anything unexpected is logged here with its stack trace and answered as a bare 500.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");
  static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  static final ApiError.ParameterError INVALID_HOST =
      new ApiError.ParameterError("Host", "header", "is not a valid host[:port]");

  private final String retryAfterSeconds;
  /**
   * While the database is away, one line per 5 s at most for each way it fails (a session cut, then
   * logins refused), not one per shed request.
   */
  private final Map<DatabaseUnavailable.Reason, ThrottledLog> unavailableLogs =
      new EnumMap<>(DatabaseUnavailable.Reason.class);

  public ErrorHandler(int retryAfterSeconds) {
    this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
  }

  @Override
  public void handle(RoutingContext rc) {
    HttpServerResponse response = rc.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      abortStartedResponse(rc);
      return;
    }
    write(rc, toApiError(rc));
  }

  /**
   * For {@code Router.errorHandler(status, …)}: failures the router meets before any route runs
   * (an undecodable URI, say), where the context carries neither the status nor the cause.
   */
  public Handler<RoutingContext> forStatus(int status) {
    return rc -> {
      if (!rc.response().ended() && !rc.response().headWritten()) {
        write(rc, status == 400 ? undecodableRequest(rc) : byStatus(rc, status, null));
      }
    };
  }

  private void write(RoutingContext rc, ApiError error) {
    HttpServerResponse response = rc.response();
    RequestLogHandler.tag(rc.request()); // when no route ran, the request has no id yet
    response.setStatusCode(error.httpStatus()).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    switch (error.challenge()) {
      case NO_TOKEN -> response.putHeader(WWW_AUTHENTICATE, "Bearer");
      case INVALID_TOKEN -> response.putHeader(WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
      case NONE -> { }
    }
    if (error.httpStatus() == 405) {
      response.putHeader(HttpHeaders.ALLOW, "GET");
    } else if (error.httpStatus() == 503) {
      response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
    }
    if (rc.request().method() == HttpMethod.HEAD) {
      response.end(); // no body to a HEAD (HTTP/1.1 drops one itself; HTTP/2 would send it, a protocol error)
    } else {
      response.end(body(error).toBuffer());
    }
  }

  static JsonObject body(ApiError error) {
    JsonObject body = new JsonObject().put("message", error.getMessage()).put("status", error.code());
    if (error.errors() != null) {
      JsonArray entries = new JsonArray();
      error.errors().forEach(entry -> entries.add(new JsonObject()
          .put("parameter", entry.parameter()).put("in", entry.in()).put("detail", entry.detail())));
      body.put("errors", entries);
    }
    return body;
  }

  private ApiError toApiError(RoutingContext rc) {
    Throwable failure = rc.failure();
    if (failure instanceof ApiError known) {
      return known;
    }
    if (failure instanceof DatabaseUnavailable unavailable) {
      unavailableLogs.computeIfAbsent(unavailable.reason(), reason -> new ThrottledLog(LOG, "database unavailable", 5_000))
          .warn(unavailable.getMessage());
      return ApiError.serviceUnavailable();
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : rc.statusCode();
    return byStatus(rc, status, failure);
  }

  private static ApiError byStatus(RoutingContext rc, int status, Throwable failure) {
    return switch (status) {
      case 400 -> undecodableRequest(rc);
      case 401 -> ApiError.invalidToken();
      case 403 -> ApiError.forbidden();
      case 404 -> ApiError.notFound();
      case 405 -> ApiError.methodNotAllowed();
      case 414 -> ApiError.uriTooLong();
      case 431 -> ApiError.headersTooLarge();
      case 503 -> ApiError.serviceUnavailable();
      default -> {
        LOG.error("unexpected failure on {} {}", rc.request().method(), rc.request().path(), failure);
        yield ApiError.internal();
      }
    };
  }

  /** The router refused the request before routing: no valid Host in HTTP/1.1, or a URI it cannot decode. */
  private static ApiError undecodableRequest(RoutingContext rc) {
    if (rc.request().authority() == null && rc.request().version() == HttpVersion.HTTP_1_1) {
      return ApiError.badRequest(List.of(rc.request().headers().contains(HttpHeaders.HOST) ? INVALID_HOST
          : new ApiError.ParameterError("Host", "header", "is required in HTTP/1.1")));
    }
    boolean queryIsBad;
    try {
      new QueryStringDecoder(rc.request().uri()).parameters();
      queryIsBad = false;
    } catch (IllegalArgumentException e) {
      queryIsBad = true;
    }
    return ApiError.badRequest(List.of(queryIsBad
        ? new ApiError.ParameterError("query", "query", "the query string is not valid percent-encoded UTF-8")
        : new ApiError.ParameterError("path", "path", "the path is not valid percent-encoded UTF-8")));
  }

  /** Headers are out, so no error status can follow: cut the connection so the client sees a broken body. */
  private static void abortStartedResponse(RoutingContext rc) {
    if (!rc.response().closed()) {
      LOG.warn("response aborted mid-stream on {}: {}", rc.request().path(), String.valueOf(rc.failure()));
      rc.response().reset();
    }
  }
}
