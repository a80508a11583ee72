package ai.squared.syncruns.runs;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Reads;
import ai.squared.syncruns.http.BaseUrl;
import ai.squared.syncruns.http.ValidatedParameters;
import ai.squared.syncruns.paging.Access;
import ai.squared.syncruns.paging.DatabaseRequests;
import ai.squared.syncruns.paging.PageLinks;
import ai.squared.syncruns.paging.PageStreamer;
import ai.squared.syncruns.paging.PageTotals;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs}. A page of up to {@link #ONE_ROUND_TRIP_MAX_ROWS}
 * runs comes with the access checks and the count in a single statement; a larger one is the same
 * statement read through a cursor, with backpressure. Either way the status line is written
 * only once the sync is known to be visible, so 401/403/404/503 stay possible until then.
 */
public final class SyncRunsHandler implements Handler<RoutingContext> {
  /** Largest page read in one round trip; above it, rows are streamed 100 at a time. */
  static final int ONE_ROUND_TRIP_MAX_ROWS = 100;
  /** What the largest page read in one round trip returns: what one batch of statements may carry. */
  public static final int LARGEST_ONE_ROUND_TRIP_ROWS = SyncRunsRepository.onePageRows(ONE_ROUND_TRIP_MAX_ROWS);
  private static final int FETCH_SIZE = 100;

  private final DatabaseRequests requests;
  private final BaseUrl baseUrl;
  private final boolean checkJti;
  private final SyncRunsRepository repository = new SyncRunsRepository();
  private final RunPages pages;
  private final PageTotals totals;
  private final long streamStallMs;

  public SyncRunsHandler(DatabaseRequests requests, BaseUrl baseUrl, AppConfig config) {
    this.requests = requests;
    this.baseUrl = baseUrl;
    this.checkJti = config.jwtCheckJti();
    this.pages = new RunPages(repository,
        new PagePositions(config.positionCacheTtlMs(), config.positionCacheMinOffset()));
    this.totals = new PageTotals(config.countCacheTtlMs(), config.countCacheMinRows());
    this.streamStallMs = config.streamStallTimeoutMs();
  }

  @Override
  public void handle(RoutingContext rc) {
    SyncRunsQuery query = SyncRunsQuery.of(rc.get(ValidatedParameters.KEY), rc.get(Principal.KEY), checkJti);
    boolean streamed = query.perPage() > ONE_ROUND_TRIP_MAX_ROWS;
    PageTotals.Total total = totals.plan(query.syncId(), query.statusCode(), query.offset(), query.perPage(),
        streamed);
    requests.answer(rc, reads -> streamed ? streamed(rc, reads, query, total) : onePage(rc, reads, query, total),
        total::end);
  }

  /** The page in one round trip, then its total, then the whole body in one buffer. */
  private Future<Void> onePage(RoutingContext rc, Reads reads, SyncRunsQuery query, PageTotals.Total total) {
    return pages.read(reads, query, total.countedWithPage(), total.slow())
        .compose(rows -> PageStreamer.answerWhole(rc.response(), rows, query.perPage(), new RunJson(Access.COLUMNS),
            total, slow -> repository.count(reads, query, slow), count -> links(rc, query, count)));
  }

  /**
   * In a transaction (a cursor lives in one), the one-page statement read through a cursor. BEGIN
   * goes out with the first fetch (the connection keeps the statement prepared), and the cursor's
   * close with COMMIT: a page of up to 200 runs costs three round trips.
   */
  private Future<Void> streamed(RoutingContext rc, Reads reads, SyncRunsQuery query, PageTotals.Total total) {
    int fetchSize = PageStreamer.fetchSize(query.perPage(), FETCH_SIZE);
    return reads.withTransaction(transaction -> repository.streamPage(transaction, query, total.countedWithPage(),
        fetchSize, rows -> PageStreamer.stream(rows, rc.response(), query.perPage(),
            new RunJson(Access.COLUMNS), stallBounds(rc),
            (access, seen) -> total.given(access, seen, slow -> repository.count(transaction, query))
                .map(count -> links(rc, query, count)))));
  }

  private PageStreamer.StallBounds stallBounds(RoutingContext rc) {
    return new PageStreamer.StallBounds(rc.vertx(), streamStallMs, requests.boundMs());
  }

  private PageLinks links(RoutingContext rc, SyncRunsQuery query, long count) {
    String collection = baseUrl.of(rc) + "/api/v1/syncs/" + query.syncId() + "/sync_runs";
    return PageLinks.of(collection, query.page(), query.perPage(), query.status().map(RunStatus::apiName), count);
  }
}
