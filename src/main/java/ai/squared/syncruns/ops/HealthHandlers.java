package ai.squared.syncruns.ops;

import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.Deadline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;

/**
 * Unauthenticated probes: live (the process serves HTTP) and ready (the database answers a
 * {@code SELECT 1} on the connections that serve the single-statement requests, within the bound
 * given: a database that accepts connections but no longer answers is not ready either).
 */
public final class HealthHandlers {
  private static final String UP = new JsonObject().put("status", "up").encode();
  private static final String DOWN = new JsonObject()
      .put("message", "Database unavailable").put("status", "service_unavailable").encode();

  private final Vertx vertx;
  private final Database database;
  private final long boundMs;
  private final String retryAfterSeconds;

  public HealthHandlers(Vertx vertx, Database database, long boundMs, int retryAfterSeconds) {
    this.vertx = vertx;
    this.database = database;
    this.boundMs = boundMs;
    this.retryAfterSeconds = Integer.toString(retryAfterSeconds);
  }

  public void live(RoutingContext rc) {
    answer(rc).end(UP);
  }

  public void ready(RoutingContext rc) {
    Deadline deadline = Deadline.in(vertx, boundMs);
    deadline.bound(database.reads(deadline).execute("SELECT 1", Tuple.tuple(), 1)).onComplete(answer -> {
      var response = answer(rc);
      if (answer.succeeded()) {
        response.end(UP);
      } else {
        response.setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds).end(DOWN);
      }
    });
  }

  /** A probe's answer is the state of this moment: no cache may keep it. */
  private static HttpServerResponse answer(RoutingContext rc) {
    return rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }
}
