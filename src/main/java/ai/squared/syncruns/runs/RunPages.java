package ai.squared.syncruns.runs;

import ai.squared.syncruns.db.Reads;
import ai.squared.syncruns.paging.Access;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.Iterator;

/**
 * A page of runs in one round trip (the access row first, then the page's runs and the look-ahead
 * run). A deep page a recent request found the start of seeks there; the first request for a deep
 * page skips the offset and remembers where the page started ({@link PagePositions}).
 */
final class RunPages {
  private final SyncRunsRepository repository;
  private final PagePositions positions;

  RunPages(SyncRunsRepository repository, PagePositions positions) {
    this.repository = repository;
    this.positions = positions;
  }

  /**
   * @param counting whether the statement counts the runs too
   * @param slowCount whether that count is slow (it then runs on a connection of its own)
   */
  Future<RowSet<Row>> read(Reads reads, SyncRunsQuery query, boolean counting, boolean slowCount) {
    if (!positions.deep(query)) {
      return repository.onePage(reads, query, counting, slowCount);
    }
    PagePositions.Key key = PagePositions.Key.of(query);
    return positions.lookup(key, System.nanoTime()).compose(from -> from.isPresent()
        ? repository.onePageFrom(reads, query, counting, slowCount, from.get())
        : repository.onePage(reads, query, counting, true)
            .andThen(read -> {
              if (read.succeeded()) {
                rememberStart(key, read.result());
              }
              positions.done(key);
            }));
  }

  /** The page's first run, if it has one (a refused request's statement reads no runs). */
  private void rememberStart(PagePositions.Key key, RowSet<Row> rows) {
    Iterator<Row> iterator = rows.iterator();
    iterator.next(); // the access row
    if (iterator.hasNext()) {
      Row first = iterator.next();
      int base = Access.COLUMNS;
      positions.found(key, first.getLocalDateTime(base + SyncRunColumns.CREATED_AT),
          first.getLong(base + SyncRunColumns.ID), System.nanoTime());
    }
  }
}
