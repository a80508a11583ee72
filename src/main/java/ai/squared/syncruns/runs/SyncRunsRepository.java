package ai.squared.syncruns.runs;

import ai.squared.syncruns.db.OpenTransaction;
import ai.squared.syncruns.db.Reads;
import ai.squared.syncruns.paging.PageSql.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * The endpoint's statements (see {@link SyncRunsSql}) with their parameters. The quick ones go to a
 * pipelined connection, many in flight per connection (small pages of the same round share a batch);
 * the slow ones (a large count, a deep skip) to a connection of their own, so that they do not hold
 * up the quick statements queued behind them.
 */
final class SyncRunsRepository {

  /** Access row first, then the page's runs and the look-ahead run after them: one round trip. */
  Future<RowSet<Row>> onePage(Reads reads, SyncRunsQuery query, boolean counting, boolean slow) {
    return run(reads, slow, sql(onePageStatement(query), query), onePageParameters(query, counting), query);
  }

  /** Like {@link #onePage}, seeking to a remembered first run instead of skipping the offset. */
  Future<RowSet<Row>> onePageFrom(Reads reads, SyncRunsQuery query, boolean counting, boolean slow,
                                  PagePositions.Start from) {
    Tuple params = accessParameters(query, counting).addLong(withLookAhead(query))
        .addLocalDateTime(from.createdAt()).addLong(from.id());
    return run(reads, slow, sql(SyncRunsSql.ONE_PAGE_FROM, query), withStatus(params, query), query);
  }

  private static Future<RowSet<Row>> run(Reads reads, boolean slow, String sql, Tuple params, SyncRunsQuery query) {
    return slow ? reads.executeAlone(sql, params) : reads.execute(sql, params, onePageRows(query.perPage()));
  }

  /** Rows of a one-page statement at most: the access row, the page's runs, the look-ahead run. */
  static int onePageRows(int perPage) {
    return perPage + 2;
  }

  /** The count alone: on a connection of its own when it is slow, else pipelined. */
  Future<Long> count(Reads reads, SyncRunsQuery query, boolean slow) {
    String sql = sql(SyncRunsSql.COUNT_ONLY, query);
    Tuple params = countParameters(query);
    return (slow ? reads.executeAlone(sql, params) : reads.execute(sql, params, 1)).map(SyncRunsRepository::total);
  }

  /** The count alone, on the connection of a streamed page's transaction. */
  Future<Long> count(OpenTransaction transaction, SyncRunsQuery query) {
    return transaction.execute(sql(SyncRunsSql.COUNT_ONLY, query), countParameters(query))
        .map(SyncRunsRepository::total);
  }

  private static Tuple countParameters(SyncRunsQuery query) {
    return withStatus(Tuple.of(query.syncId()), query);
  }

  private static long total(RowSet<Row> rows) {
    return rows.iterator().next().getLong(0);
  }

  /** The one-page statement through a cursor, {@code fetchSize} rows at a time; {@code read} gets them. */
  <T> Future<T> streamPage(OpenTransaction transaction, SyncRunsQuery query, boolean counting, int fetchSize,
                           Function<RowStream<Row>, Future<T>> read) {
    return transaction.cursor(sql(onePageStatement(query), query), onePageParameters(query, counting), fetchSize,
        read);
  }

  private static Statement onePageStatement(SyncRunsQuery query) {
    return deep(query) ? SyncRunsSql.ONE_PAGE_DEEP : SyncRunsSql.ONE_PAGE_NEAR;
  }

  private static Tuple onePageParameters(SyncRunsQuery query, boolean counting) {
    return withStatus(accessParameters(query, counting).addLong(withLookAhead(query)).addLong(query.offset()), query);
  }

  /** :user, :workspace, :sync, :jti, :counting: the leading parameters of every access statement. */
  private static Tuple accessParameters(SyncRunsQuery query, boolean counting) {
    return Tuple.of(query.userId(), query.workspaceId(), query.syncId(), query.tokenJti().orElse(null), counting);
  }

  /** The page's size plus one: the run after the page tells whether a next page exists. */
  private static long withLookAhead(SyncRunsQuery query) {
    return query.perPage() + 1L;
  }

  private static boolean deep(SyncRunsQuery query) {
    return query.offset() >= SyncRunsSql.DEEP_OFFSET;
  }

  private static String sql(Statement statement, SyncRunsQuery query) {
    return statement.sql(query.status().isPresent());
  }

  private static Tuple withStatus(Tuple params, SyncRunsQuery query) {
    query.status().ifPresent(status -> params.addInteger(status.code()));
    return params;
  }
}
