package ai.squared.syncruns.records;

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
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs/{sync_run_id}/sync_records} (SPEC §6): the records a run
 * wrote, oldest first. The access checks (the sync, then the run), the count and the page are one
 * statement. A record may be tens of KB, so only a page of up to {@link #ONE_ROUND_TRIP_MAX_ROWS} is
 * read in one round trip; a larger one streams through a cursor, about {@link #FETCH_SIZE} records at
 * a time (at most 52), with backpressure: a request holds at most one fetch of records, one chunk and
 * the connection's write queue, whatever the page holds.
 */
public final class SyncRecordsHandler implements Handler<RoutingContext> {
  /** Largest page read in one round trip: the default page. */
  static final int ONE_ROUND_TRIP_MAX_ROWS = 10;
  /** Records per fetch of a streamed page, about: see {@link PageStreamer#fetchSize}. */
  static final int FETCH_SIZE = 50;

  private final DatabaseRequests requests;
  private final BaseUrl baseUrl;
  private final boolean checkJti;
  private final SyncRecordsRepository repository = new SyncRecordsRepository();
  private final PageTotals totals;
  private final long streamStallMs;

  public SyncRecordsHandler(DatabaseRequests requests, BaseUrl baseUrl, AppConfig config) {
    this.requests = requests;
    this.baseUrl = baseUrl;
    this.checkJti = config.jwtCheckJti();
    this.totals = new PageTotals(config.countCacheTtlMs(), config.countCacheMinRows());
    this.streamStallMs = config.streamStallTimeoutMs();
  }

  @Override
  public void handle(RoutingContext rc) {
    SyncRecordsQuery query = SyncRecordsQuery.of(rc.get(ValidatedParameters.KEY), rc.get(Principal.KEY), checkJti);
    boolean streamed = query.perPage() > ONE_ROUND_TRIP_MAX_ROWS;
    PageTotals.Total total = totals.plan(query.runId(), query.statusCode(), query.offset(), query.perPage(),
        streamed);
    requests.answer(rc, reads -> streamed ? streamed(rc, reads, query, total) : onePage(rc, reads, query, total),
        total::end);
  }

  /** The page in one round trip, then its total, then the whole body in one buffer. */
  private Future<Void> onePage(RoutingContext rc, Reads reads, SyncRecordsQuery query, PageTotals.Total total) {
    return repository.onePage(reads, query, total.countedWithPage(), total.slow())
        .compose(rows -> PageStreamer.answerWhole(rc.response(), rows, query.perPage(), new RecordJson(Access.COLUMNS),
            total, slow -> repository.count(reads, query, slow), count -> links(rc, query, count)));
  }

  /** In a transaction, the one-page statement through a cursor, at the pace of the client. */
  private Future<Void> streamed(RoutingContext rc, Reads reads, SyncRecordsQuery query, PageTotals.Total total) {
    int fetchSize = PageStreamer.fetchSize(query.perPage(), FETCH_SIZE);
    return reads.withTransaction(transaction -> repository.streamPage(transaction, query, total.countedWithPage(),
        fetchSize, rows -> PageStreamer.stream(rows, rc.response(), query.perPage(), new RecordJson(Access.COLUMNS),
            new PageStreamer.StallBounds(rc.vertx(), streamStallMs, requests.boundMs()),
            (access, seen) -> total.given(access, seen, slow -> repository.count(transaction, query))
                .map(count -> links(rc, query, count)))));
  }

  private PageLinks links(RoutingContext rc, SyncRecordsQuery query, long count) {
    String collection = baseUrl.of(rc) + "/api/v1/syncs/" + query.caller().syncId() + "/sync_runs/" + query.runId()
        + "/sync_records";
    return PageLinks.of(collection, query.page(), query.perPage(), query.status().map(RecordStatus::apiName), count);
  }
}
