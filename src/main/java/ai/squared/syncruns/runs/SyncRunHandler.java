package ai.squared.syncruns.runs;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.ValidatedParameters;
import ai.squared.syncruns.paging.Access;
import ai.squared.syncruns.paging.Caller;
import ai.squared.syncruns.paging.DatabaseRequests;
import ai.squared.syncruns.paging.JsonPage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.Iterator;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs/{sync_run_id}} (SPEC §6): one run, exactly as the list
 * writes it ({@link RunJson}), in one round trip: the access checks, the sync as for the list, and
 * the run, live and of that sync; none is {@code Sync Run not found}, whichever way it is missing.
 */
public final class SyncRunHandler implements Handler<RoutingContext> {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final DatabaseRequests requests;
  private final boolean checkJti;

  public SyncRunHandler(DatabaseRequests requests, boolean checkJti) {
    this.requests = requests;
    this.checkJti = checkJti;
  }

  @Override
  public void handle(RoutingContext rc) {
    ValidatedParameters parameters = rc.get(ValidatedParameters.KEY);
    Caller caller = Caller.of(parameters, rc.get(Principal.KEY), checkJti);
    long runId = parameters.getLong("sync_run_id");
    requests.answer(rc, reads -> reads.execute(SyncRunsSql.ONE_RUN, caller.accessParameters().addLong(runId), 2)
        .compose(rows -> write(rc, rows)), () -> { });
  }

  private static Future<Void> write(RoutingContext rc, RowSet<Row> rows) {
    Iterator<Row> iterator = rows.iterator();
    ApiError refusal = Access.of(iterator.next()).refusal();
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    if (!iterator.hasNext()) {
      return Future.failedFuture(ApiError.syncRunNotFound());
    }
    if (rc.response().ended()) {
      return Future.succeededFuture(); // answered already: a 503 once the deadline had passed
    }
    JsonPage run = JsonPage.one(1024);
    run.add(new RunJson(Access.COLUMNS), iterator.next());
    return rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(run.finishOne());
  }
}
