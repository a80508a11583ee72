package ai.squared.syncruns.runs;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.HeldConnections;
import ai.squared.syncruns.db.ReplyDeadline;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.BaseUrl;
import ai.squared.syncruns.http.ValidatedParameters;
import ai.squared.syncruns.runs.CountCache.CountPlan;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.function.Function;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs}. A page of up to {@link #ONE_ROUND_TRIP_MAX_ROWS}
 * runs comes with the access checks and the count in a single statement; a larger one is the same
 * statement read through a cursor, with backpressure. Either way the status line is written
 * only once the sync is known to be visible, so 401/403/404/503 stay possible until then.
 */
public final class SyncRunsHandler implements Handler<RoutingContext> {
  /** Largest page read in one round trip; above it, rows are streamed 100 at a time. */
  static final int ONE_ROUND_TRIP_MAX_ROWS = 100;
  private static final int FETCH_SIZE = 100;
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final HeldConnections held;
  private final BaseUrl baseUrl;
  private final boolean checkJti;
  private final SyncRunsRepository repository;
  private final CountCache counts;
  private final PagePositions positions;
  private final ReplyDeadline deadline;
  private final long streamStallMs;

  public SyncRunsHandler(Vertx vertx, Database database, BaseUrl baseUrl, AppConfig config) {
    this.held = database.held();
    this.baseUrl = baseUrl;
    this.checkJti = config.jwtCheckJti();
    // traced, each request's statement is a span of its own: a batch's would belong to one of them
    this.repository = new SyncRunsRepository(database.pipelined(), database.held(), !config.tracingEnabled());
    this.counts = new CountCache(config.countCacheTtlMs(), config.countCacheMinRows());
    this.positions = new PagePositions(config.positionCacheTtlMs(), config.positionCacheMinOffset());
    this.deadline = ReplyDeadline.forRequests(vertx, config);
    this.streamStallMs = config.streamStallTimeoutMs();
  }

  @Override
  public void handle(RoutingContext rc) {
    SyncRunsQuery query = SyncRunsQuery.of(rc.get(ValidatedParameters.KEY), rc.get(Principal.KEY), checkJti);
    CountCache.Key countKey = CountCache.Key.of(query);
    boolean oneRoundTrip = query.perPage() <= ONE_ROUND_TRIP_MAX_ROWS;
    long now = System.nanoTime();
    CountPlan plan = oneRoundTrip ? counts.plan(countKey, now) : counts.planAlone(countKey, now);
    Future<Void> answered = oneRoundTrip ? onePage(rc, query, countKey, plan) : streamed(rc, query, countKey, plan);
    // a streamed page under way has its own bounds (PageStreamer); until then, the request's
    Future<Void> bounded = deadline.bound(answered, () -> !rc.response().headWritten());
    if (plan.leading()) {
      // a no-op once the count was stored; bounded completes with the answer or at the deadline,
      // whichever is first, so no one waits on a stuck count either
      bounded.onComplete(done -> counts.abandon(countKey));
    }
    bounded.recover(DatabaseFailures::classify).onFailure(rc::fail);
  }

  private Future<Void> onePage(RoutingContext rc, SyncRunsQuery query, CountCache.Key countKey, CountPlan plan) {
    boolean counting = plan.counting();
    boolean slowCount = counting && counts.knownLarge(countKey);
    if (!positions.deep(query)) {
      return repository.onePage(query, counting, slowCount)
          .compose(rows -> writePage(rc, query, countKey, plan, rows, null));
    }
    PagePositions.Key positionKey = PagePositions.Key.of(query);
    return positions.lookup(positionKey, System.nanoTime()).compose(from -> from.isPresent()
        ? repository.onePageFrom(query, counting, slowCount, from.get())
            .compose(rows -> writePage(rc, query, countKey, plan, rows, null))
        : repository.onePage(query, counting, true)
            .compose(rows -> writePage(rc, query, countKey, plan, rows, positionKey))
            .onComplete(answered -> positions.done(positionKey)));
  }

  /** Writes a whole page; remembers where it started when given a key to remember it under. */
  private Future<Void> writePage(RoutingContext rc, SyncRunsQuery query, CountCache.Key countKey,
                                 CountPlan plan, RowSet<Row> rows, PagePositions.Key remember) {
    Iterator<Row> iterator = rows.iterator();
    Access access = Access.of(iterator.next());
    ApiError refusal = access.refusal();
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    int seen = rows.size() - 1;
    return total(query, countKey, access, plan, seen, slow -> repository.count(query, slow))
        .compose(count -> {
          if (rc.response().ended()) {
            return Future.succeededFuture(); // answered already: a 503 once the deadline had passed
          }
          EnvelopeWriter envelope = new EnvelopeWriter(1024 + rows.size() * 512);
          NewestFirst order = new NewestFirst();
          int base = SyncRunsSql.RUN_COLUMNS_IN_ONE_PAGE;
          for (int written = 0; written < query.perPage() && iterator.hasNext(); written++) {
            Row run = iterator.next();
            LocalDateTime createdAt = run.getLocalDateTime(base + SyncRunColumns.CREATED_AT);
            long id = run.getLong(base + SyncRunColumns.ID);
            order.check(createdAt, id);
            if (written == 0 && remember != null) {
              positions.found(remember, createdAt, id, System.nanoTime());
            }
            envelope.writeRun(run, base);
          }
          envelope.finish(links(rc, query, count));
          return rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(envelope.take());
        });
  }

  /**
   * In a transaction (a cursor lives in one), the one-page statement read through a cursor. BEGIN
   * goes out with the statement's preparation, and the closes with COMMIT: with the fetches, a
   * page of up to 200 runs costs four round trips.
   */
  private Future<Void> streamed(RoutingContext rc, SyncRunsQuery query, CountCache.Key countKey, CountPlan plan) {
    return held.withTransaction(connection -> repository.streamPage(connection, query, plan.counting(),
        fetchSize(query.perPage()), rows -> PageStreamer.stream(rows, rc.response(), query.perPage(), stallBounds(rc),
            (access, seen) -> total(query, countKey, access, plan, seen, slow -> repository.count(connection, query))
                .map(count -> links(rc, query, count)))));
  }

  private PageStreamer.StallBounds stallBounds(RoutingContext rc) {
    return new PageStreamer.StallBounds(rc.vertx(), streamStallMs, deadline.boundMs());
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

  /**
   * The count behind the links: the page's own when it settles it, else the one counted with it,
   * else the remembered one or the one another request was running, if the page agrees with it, else
   * a fresh count. Only counts read from the database are remembered (a reused one keeps its age).
   */
  private Future<Long> total(SyncRunsQuery query, CountCache.Key countKey, Access access, CountPlan plan,
                             int seen, Function<Boolean, Future<Long>> recount) {
    long offset = query.offset();
    if (PageTotal.exact(offset, query.perPage(), seen)) {
      return Future.succeededFuture(remember(countKey, offset + seen));
    }
    if (access.count() != null) {
      return Future.succeededFuture(remember(countKey, access.count()));
    }
    Future<Long> reused = plan.joined() != null ? plan.joined() : Future.succeededFuture(plan.cached().orElseThrow());
    return reused.transform(known -> {
      if (known.succeeded() && PageTotal.agrees(known.result(), offset, query.perPage(), seen)) {
        return Future.succeededFuture(known.result());
      }
      return recount.apply(counts.knownLarge(countKey)).map(count -> remember(countKey, count));
    });
  }

  private long remember(CountCache.Key countKey, long count) {
    counts.store(countKey, count, System.nanoTime());
    return count;
  }

  private PageLinks links(RoutingContext rc, SyncRunsQuery query, long count) {
    String collection = baseUrl.of(rc) + "/api/v1/syncs/" + query.syncId() + "/sync_runs";
    return PageLinks.of(collection, query.page(), query.perPage(), query.status(), count);
  }
}
