package ai.squared.syncruns.syncruns;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.BaseUrl;
import ai.squared.syncruns.http.ValidatedParameters;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs}: checks access, then streams the page. The status
 * line is written only once the sync is known to be visible; everything before that can still end
 * as a 401, 403, 404 or 503.
 */
public final class SyncRunsHandler implements Handler<RoutingContext> {
  /** Rows fetched per cursor round trip: a 10-row page is one fetch, a 1000-row page ten. */
  private static final int FETCH_SIZE = 100;

  private final Pool pool;
  private final BaseUrl baseUrl;
  private final boolean checkJti;
  private final SyncRunsRepository repository = new SyncRunsRepository();

  public SyncRunsHandler(Pool pool, BaseUrl baseUrl, boolean checkJti) {
    this.pool = pool;
    this.baseUrl = baseUrl;
    this.checkJti = checkJti;
  }

  @Override
  public void handle(RoutingContext rc) {
    SyncRunsQuery query = SyncRunsQuery.of(rc.get(ValidatedParameters.KEY), rc.get(Principal.KEY), checkJti);
    pool.withTransaction(connection -> respond(rc, connection, query))
        .recover(DatabaseFailures::classify)
        .onFailure(rc::fail);
  }

  private Future<Void> respond(RoutingContext rc, SqlConnection connection, SyncRunsQuery query) {
    return repository.access(connection, query).compose(access -> {
      if (!access.tokenLive()) {
        return Future.failedFuture(ApiError.invalidToken());
      }
      if (!access.member()) {
        return Future.failedFuture(ApiError.forbidden());
      }
      if (!access.syncVisible()) {
        return Future.failedFuture(ApiError.syncNotFound());
      }
      String collection = baseUrl.of(rc) + "/api/v1/syncs/" + query.syncId() + "/sync_runs";
      PageLinks links = PageLinks.of(collection, query.page(), query.perPage(), query.status(), access.count());
      return repository.page(connection, query, Math.min(FETCH_SIZE, query.perPage()))
          .compose(rows -> PageStreamer.stream(rows, rc.response(), links).eventually(rows::close));
    });
  }
}
