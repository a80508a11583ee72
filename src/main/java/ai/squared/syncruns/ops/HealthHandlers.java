package ai.squared.syncruns.ops;

import ai.squared.syncruns.db.HeldConnections;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Unauthenticated probes: live (the process serves HTTP) and ready (the database answers). */
public final class HealthHandlers {
  private static final String UP = new JsonObject().put("status", "up").encode();
  private static final String DOWN = new JsonObject()
      .put("message", "Database unavailable").put("status", "service_unavailable").encode();

  private final HeldConnections held;
  private final String retryAfterSeconds;

  public HealthHandlers(HeldConnections held, int retryAfterSeconds) {
    this.held = held;
    this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
  }

  public void live(RoutingContext rc) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(UP);
  }

  public void ready(RoutingContext rc) {
    held.withConnection(connection -> connection.query("SELECT 1").execute()).onComplete(answer -> {
      var response = rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (answer.succeeded()) {
        response.end(UP);
      } else {
        response.setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds).end(DOWN);
      }
    });
  }
}
