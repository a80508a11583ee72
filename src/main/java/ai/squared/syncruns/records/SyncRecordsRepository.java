package ai.squared.syncruns.records;

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
 * A run's records' statements (see {@link SyncRecordsSql}) with their parameters. A page read in one
 * round trip goes alone on a pipelined connection (records may be large: never in a batch); one whose
 * count is slow, and a slow count, on a connection of their own.
 */
final class SyncRecordsRepository {

  /**
   * Access row first, then the page's records and the look-ahead record after them: one round trip;
   * on a connection of its own when its count is slow (the run was large when last counted).
   */
  Future<RowSet<Row>> onePage(Reads reads, SyncRecordsQuery query, boolean counting, boolean slow) {
    String sql = sql(onePageStatement(query), query);
    Tuple params = onePageParameters(query, counting);
    return slow ? reads.executeAlone(sql, params) : reads.execute(sql, params);
  }

  /** The one-page statement through a cursor, {@code fetchSize} rows at a time; {@code read} gets them. */
  <T> Future<T> streamPage(OpenTransaction transaction, SyncRecordsQuery query, boolean counting, int fetchSize,
                           Function<RowStream<Row>, Future<T>> read) {
    return transaction.cursor(sql(onePageStatement(query), query), onePageParameters(query, counting), fetchSize,
        read);
  }

  /** The count alone: on a connection of its own when it is slow, else pipelined. */
  Future<Long> count(Reads reads, SyncRecordsQuery query, boolean slow) {
    String sql = sql(SyncRecordsSql.COUNT_ONLY, query);
    Tuple params = countParameters(query);
    return (slow ? reads.executeAlone(sql, params) : reads.execute(sql, params, 1)).map(SyncRecordsRepository::total);
  }

  /** The count alone, on the connection of a streamed page's transaction. */
  Future<Long> count(OpenTransaction transaction, SyncRecordsQuery query) {
    return transaction.execute(sql(SyncRecordsSql.COUNT_ONLY, query), countParameters(query))
        .map(SyncRecordsRepository::total);
  }

  private static Statement onePageStatement(SyncRecordsQuery query) {
    return query.offset() >= SyncRecordsSql.DEEP_OFFSET ? SyncRecordsSql.ONE_PAGE_DEEP : SyncRecordsSql.ONE_PAGE_NEAR;
  }

  /** :user, :workspace, :sync, :jti, :run, :counting, :limit (with the look-ahead record), :offset, [:status]. */
  private static Tuple onePageParameters(SyncRecordsQuery query, boolean counting) {
    return withStatus(query.caller().accessParameters().addLong(query.runId()).addBoolean(counting)
        .addLong(query.perPage() + 1L).addLong(query.offset()), query);
  }

  private static Tuple countParameters(SyncRecordsQuery query) {
    return withStatus(Tuple.of(query.runId()), query);
  }

  private static long total(RowSet<Row> rows) {
    return rows.iterator().next().getLong(0);
  }

  private static String sql(Statement statement, SyncRecordsQuery query) {
    return statement.sql(query.status().isPresent());
  }

  private static Tuple withStatus(Tuple params, SyncRecordsQuery query) {
    query.status().ifPresent(status -> params.addInteger(status.code()));
    return params;
  }
}
