package ai.squared.syncruns.runs;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.DatabaseFailures;
import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.db.Reads;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.BaseUrl;
import ai.squared.syncruns.http.ValidatedParameters;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.Iterator;

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
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final Vertx vertx;
  private final Database database;
  private final BaseUrl baseUrl;
  private final boolean checkJti;
  private final SyncRunsRepository repository;
  private final RunPages pages;
  private final PageTotals totals;
  private final long boundMs;
  private final long streamStallMs;

  public SyncRunsHandler(Vertx vertx, Database database, BaseUrl baseUrl, AppConfig config) {
    this.vertx = vertx;
    this.database = database;
    this.baseUrl = baseUrl;
    this.checkJti = config.jwtCheckJti();
    this.repository = new SyncRunsRepository();
    this.pages = new RunPages(repository,
        new PagePositions(config.positionCacheTtlMs(), config.positionCacheMinOffset()));
    this.totals = new PageTotals(config.countCacheTtlMs(), config.countCacheMinRows());
    this.boundMs = Deadline.requestBoundMs(config);
    this.streamStallMs = config.streamStallTimeoutMs();
  }

  @Override
  public void handle(RoutingContext rc) {
    SyncRunsQuery query = SyncRunsQuery.of(rc.get(ValidatedParameters.KEY), rc.get(Principal.KEY), checkJti);
    boolean streamed = query.perPage() > ONE_ROUND_TRIP_MAX_ROWS;
    PageTotals.Total total = totals.plan(query, streamed);
    // a streamed page under way has its own bounds (PageStreamer); until then, the request's
    Deadline deadline = Deadline.in(vertx, boundMs, () -> !rc.response().headWritten());
    Reads reads = database.reads(deadline);
    Future<Void> answered = streamed ? streamed(rc, reads, query, total) : onePage(rc, reads, query, total);
    // the bounded answer completes with the answer or at the deadline: no one waits on a stuck count
    deadline.bound(answered)
        .onComplete(done -> total.end())
        .recover(DatabaseFailures::classify).onFailure(rc::fail);
  }

  /** The page in one round trip, then its total, then the whole body in one buffer. */
  private Future<Void> onePage(RoutingContext rc, Reads reads, SyncRunsQuery query, PageTotals.Total total) {
    return pages.read(reads, query, total.countedWithPage(), total.slow()).compose(rows -> {
      Iterator<Row> iterator = rows.iterator();
      Access access = Access.of(iterator.next());
      ApiError refusal = access.refusal();
      if (refusal != null) {
        return Future.failedFuture(refusal);
      }
      return total.given(access, rows.size() - 1, slow -> repository.count(reads, query, slow))
          .compose(count -> write(rc, query, iterator, rows.size(), count));
    });
  }

  /** Writes the page's runs (not the look-ahead run) and its links. */
  private Future<Void> write(RoutingContext rc, SyncRunsQuery query, Iterator<Row> runs, int rows, long count) {
    if (rc.response().ended()) {
      return Future.succeededFuture(); // answered already: a 503 once the deadline had passed
    }
    EnvelopeWriter envelope = new EnvelopeWriter(1024 + rows * 512);
    NewestFirst order = new NewestFirst();
    int base = SyncRunsSql.RUN_COLUMNS_IN_ONE_PAGE;
    for (int written = 0; written < query.perPage() && runs.hasNext(); written++) {
      Row run = runs.next();
      order.check(run.getLocalDateTime(base + SyncRunColumns.CREATED_AT), run.getLong(base + SyncRunColumns.ID));
      envelope.writeRun(run, base);
    }
    envelope.finish(links(rc, query, count));
    return rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(envelope.take());
  }

  /**
   * In a transaction (a cursor lives in one), the one-page statement read through a cursor. BEGIN
   * goes out with the statement's preparation, and the closes with COMMIT: with the fetches, a
   * page of up to 200 runs costs four round trips.
   */
  private Future<Void> streamed(RoutingContext rc, Reads reads, SyncRunsQuery query, PageTotals.Total total) {
    return reads.withTransaction(connection -> repository.streamPage(connection, query, total.countedWithPage(),
        fetchSize(query.perPage()), rows -> PageStreamer.stream(rows, rc.response(), query.perPage(), stallBounds(rc),
            (access, seen) -> total.given(access, seen, slow -> repository.count(connection, query))
                .map(count -> links(rc, query, count)))));
  }

  private PageStreamer.StallBounds stallBounds(RoutingContext rc) {
    return new PageStreamer.StallBounds(rc.vertx(), streamStallMs, boundMs);
  }

  /**
   * Rows per fetch: about {@link #FETCH_SIZE}, in as many fetches as the page alone would take;
   * the statement's rows (the access row, the page, the look-ahead run) split evenly, plus one, so
   * that the last fetch comes back short (a full one would cost another round trip to learn the
   * cursor is done).
   */
  static int fetchSize(int perPage) {
    int fetches = (perPage + FETCH_SIZE - 1) / FETCH_SIZE;
    return (perPage + 2) / fetches + 1;
  }

  private PageLinks links(RoutingContext rc, SyncRunsQuery query, long count) {
    String collection = baseUrl.of(rc) + "/api/v1/syncs/" + query.syncId() + "/sync_runs";
    return PageLinks.of(collection, query.page(), query.perPage(), query.status(), count);
  }
}
