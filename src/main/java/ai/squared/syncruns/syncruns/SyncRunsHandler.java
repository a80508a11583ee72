package ai.squared.syncruns.syncruns;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.HeldConnections;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.BaseUrl;
import ai.squared.syncruns.http.ValidatedParameters;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * {@code GET /api/v1/syncs/{sync_id}/sync_runs}. A page of up to {@link #ONE_ROUND_TRIP_MAX_ROWS}
 * runs comes with the access checks and the count in a single statement; a larger one is streamed
 * through a cursor after the access row, with backpressure. Either way the status line is written
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

  public SyncRunsHandler(Database database, BaseUrl baseUrl, AppConfig config) {
    this.held = database.held();
    this.baseUrl = baseUrl;
    this.checkJti = config.jwtCheckJti();
    this.repository = new SyncRunsRepository(database.pipelined(), database.held());
    this.counts = new CountCache(config.countCacheTtlMs(), config.countCacheMinRows());
    this.positions = new PagePositions(config.positionCacheTtlMs(), config.positionCacheMinOffset());
  }

  @Override
  public void handle(RoutingContext rc) {
    SyncRunsQuery query = SyncRunsQuery.of(rc.get(ValidatedParameters.KEY), rc.get(Principal.KEY), checkJti);
    CountCache.Key countKey = CountCache.Key.of(query);
    OptionalLong cachedCount = counts.lookup(countKey, System.nanoTime());
    Future<Void> answered = query.perPage() <= ONE_ROUND_TRIP_MAX_ROWS
        ? onePage(rc, query, countKey, cachedCount)
        : streamed(rc, query, countKey, cachedCount);
    answered.recover(DatabaseFailures::classify).onFailure(rc::fail);
  }

  private Future<Void> onePage(RoutingContext rc, SyncRunsQuery query, CountCache.Key countKey,
                               OptionalLong cachedCount) {
    boolean counting = cachedCount.isEmpty();
    boolean slowCount = counting && counts.knownLarge(countKey);
    if (!positions.deep(query)) {
      return repository.onePage(query, counting, slowCount)
          .compose(rows -> writePage(rc, query, countKey, cachedCount, rows, null));
    }
    PagePositions.Key positionKey = PagePositions.Key.of(query);
    return positions.lookup(positionKey, System.nanoTime()).compose(from -> from.isPresent()
        ? repository.onePageFrom(query, counting, slowCount, from.get())
            .compose(rows -> writePage(rc, query, countKey, cachedCount, rows, null))
        : repository.onePage(query, counting, true)
            .compose(rows -> writePage(rc, query, countKey, cachedCount, rows, positionKey))
            .onComplete(answered -> positions.done(positionKey)));
  }

  /** Writes a whole page; remembers where it started when given a key to remember it under. */
  private Future<Void> writePage(RoutingContext rc, SyncRunsQuery query, CountCache.Key countKey,
                                 OptionalLong cachedCount, RowSet<Row> rows, PagePositions.Key remember) {
    Iterator<Row> iterator = rows.iterator();
    Access access = Access.of(iterator.next());
    ApiError refusal = access.refusal();
    if (refusal != null) {
      return Future.failedFuture(refusal);
    }
    EnvelopeWriter envelope = new EnvelopeWriter(1024 + rows.size() * 512);
    boolean first = true;
    while (iterator.hasNext()) {
      Row run = iterator.next();
      if (first && remember != null) {
        positions.found(remember, run.getLocalDateTime(SyncRunsSql.RUN_COLUMNS_IN_ONE_PAGE + SyncRunColumns.CREATED_AT),
            run.getLong(SyncRunsSql.RUN_COLUMNS_IN_ONE_PAGE + SyncRunColumns.ID), System.nanoTime());
      }
      first = false;
      envelope.writeRun(run, SyncRunsSql.RUN_COLUMNS_IN_ONE_PAGE);
    }
    envelope.finish(links(rc, query, count(access, countKey, cachedCount)));
    return rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(envelope.take());
  }

  private Future<Void> streamed(RoutingContext rc, SyncRunsQuery query, CountCache.Key countKey,
                                OptionalLong cachedCount) {
    return held.withTransaction(connection -> repository.access(connection, query, cachedCount.isEmpty())
        .compose(access -> {
          ApiError refusal = access.refusal();
          if (refusal != null) {
            return Future.failedFuture(refusal);
          }
          PageLinks links = links(rc, query, count(access, countKey, cachedCount));
          return streamPage(rc, connection, query, links);
        }));
  }

  private Future<Void> streamPage(RoutingContext rc, SqlConnection connection, SyncRunsQuery query,
                                  PageLinks links) {
    return repository.page(connection, query, Math.min(FETCH_SIZE, query.perPage()))
        .compose(rows -> PageStreamer.stream(rows, rc.response(), links).eventually(rows::close));
  }

  /** The count the database just gave (remembered when large), or the cached one it was spared. */
  private long count(Access access, CountCache.Key countKey, OptionalLong cachedCount) {
    if (access.count() == null) {
      return cachedCount.orElseThrow();
    }
    counts.store(countKey, access.count(), System.nanoTime());
    return access.count();
  }

  private PageLinks links(RoutingContext rc, SyncRunsQuery query, long count) {
    String collection = baseUrl.of(rc) + "/api/v1/syncs/" + query.syncId() + "/sync_runs";
    return PageLinks.of(collection, query.page(), query.perPage(), query.status(), count);
  }
}
