package ai.squared.syncruns.http;

import ai.squared.syncruns.auth.Principal;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on every request: gives it an id ({@code X-Request-Id} from the client when well-formed,
 * else a new one, echoed on the response) and, when the access log is on, writes one structured
 * line when the response is done. Only known fields are logged: never the token, never raw query
 * values (the route is the template, not the path).
 */
public final class RequestLogHandler implements Handler<RoutingContext> {
  /** Where a route handler records its template for the log line. */
  public static final String ROUTE = "route";
  private static final Logger ACCESS = LoggerFactory.getLogger("access");
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final String REQUEST_ID = "X-Request-Id";

  private final boolean accessLog;

  public RequestLogHandler(boolean accessLog) {
    this.accessLog = accessLog;
  }

  @Override
  public void handle(RoutingContext rc) {
    String id = tag(rc.request());
    if (accessLog) {
      long started = System.nanoTime();
      rc.addEndHandler(ended -> log(rc, id, started));
    }
    rc.next();
  }

  private static void log(RoutingContext rc, String id, long started) {
    Principal principal = rc.get(Principal.KEY);
    ValidatedParameters parameters = rc.get(ValidatedParameters.KEY);
    ACCESS.atInfo()
        .addKeyValue("method", rc.request().method().name())
        .addKeyValue("route", rc.<String>get(ROUTE, "unmatched"))
        .addKeyValue("status", rc.response().getStatusCode())
        .addKeyValue("duration_ms", (System.nanoTime() - started) / 100_000 / 10.0)
        .addKeyValue("bytes", rc.response().bytesWritten())
        .addKeyValue("request_id", id)
        .addKeyValue("user_id", principal == null ? null : principal.userId())
        .addKeyValue("workspace_id", parameters == null ? null : parameters.values().get("Workspace-Id"))
        .log("request");
  }

  /**
   * Gives the response its X-Request-Id (the client's when well-formed, else a new one) unless it has
   * one, and returns it: also for answers written before any route ran ({@link ErrorHandler#forStatus},
   * {@link InvalidRequestHandler}).
   */
  static String tag(HttpServerRequest request) {
    String given = request.response().headers().get(REQUEST_ID);
    if (given != null) {
      return given;
    }
    String incoming = request.getHeader(REQUEST_ID);
    String id = incoming != null && WELL_FORMED.matcher(incoming).matches() ? incoming : newId();
    request.response().putHeader(REQUEST_ID, id);
    return id;
  }

  private static String newId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
