package ai.squared.syncruns.runs;

import ai.squared.syncruns.db.HeldConnections;
import ai.squared.syncruns.db.StatementBatches;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/** The endpoint's statements (see {@link SyncRunsSql}) with their parameters. */
final class SyncRunsRepository {
  /** What one batch may carry: the rows of the largest page read in one round trip. */
  private static final int LARGEST_ONE_PAGE_ROWS = onePageRows(SyncRunsHandler.ONE_ROUND_TRIP_MAX_ROWS);

  private final SqlClient pipelined;
  private final StatementBatches batches;
  private final HeldConnections held;

  /**
   * @param pipelined runs the quick single statements, many in flight per connection; the pages
   *                  of the same round go to it in batches (see {@link StatementBatches})
   * @param held runs the slow ones (a large count, a deep skip) on a connection of their own, so
   *             they do not hold up the quick statements queued behind them on a pipelined one
   * @param batching whether small pages may share a batch
   */
  SyncRunsRepository(SqlClient pipelined, HeldConnections held, boolean batching) {
    this.pipelined = pipelined;
    this.batches = new StatementBatches(pipelined, batching ? LARGEST_ONE_PAGE_ROWS : 0);
    this.held = held;
  }

  /** Access row first, then the page's runs and the look-ahead run after them: one round trip. */
  Future<RowSet<Row>> onePage(SyncRunsQuery query, boolean counting, boolean slow) {
    return run(slow, sql(onePageStatement(query), query), onePageParameters(query, counting), query);
  }

  /** Like {@link #onePage}, seeking to a remembered first run instead of skipping the offset. */
  Future<RowSet<Row>> onePageFrom(SyncRunsQuery query, boolean counting, boolean slow, PagePositions.Start from) {
    Tuple params = accessParameters(query, counting).addLong(withLookAhead(query))
        .addLocalDateTime(from.createdAt()).addLong(from.id());
    return run(slow, sql(SyncRunsSql.ONE_PAGE_FROM, query), withStatus(params, query), query);
  }

  private Future<RowSet<Row>> run(boolean slow, String sql, Tuple params, SyncRunsQuery query) {
    return slow
        ? held.withConnection(connection -> connection.preparedQuery(sql).execute(params))
        : batches.execute(sql, params, onePageRows(query.perPage()));
  }

  /** Rows of a one-page statement at most: the access row, the page's runs, the look-ahead run. */
  private static int onePageRows(int perPage) {
    return perPage + 2;
  }

  /** The count alone: on a connection of its own when it is slow, else pipelined. */
  Future<Long> count(SyncRunsQuery query, boolean slow) {
    return slow ? held.withConnection(connection -> count(connection, query)) : count(pipelined, query);
  }

  Future<Long> count(SqlClient client, SyncRunsQuery query) {
    return client.preparedQuery(sql(SyncRunsSql.COUNT_ONLY, query))
        .execute(withStatus(Tuple.of(query.syncId()), query))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * The one-page statement through a cursor, {@code fetchSize} rows at a time, on a connection
   * with an open transaction; {@code read} gets the rows. Once its future completes, the cursor and
   * the statement are closed without waiting: the closes go ahead of the transaction's end on the
   * connection. (A statement prepared by hand stays in the session until it is closed.)
   */
  <T> Future<T> streamPage(SqlConnection connection, SyncRunsQuery query, boolean counting, int fetchSize,
                           Function<RowStream<Row>, Future<T>> read) {
    return connection.prepare(sql(onePageStatement(query), query)).compose(prepared -> {
      RowStream<Row> rows = prepared.createStream(fetchSize, onePageParameters(query, counting));
      return read.apply(rows).andThen(done -> {
        rows.close();
        prepared.close();
      });
    });
  }

  private static SyncRunsSql.Statement onePageStatement(SyncRunsQuery query) {
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

  private static String sql(SyncRunsSql.Statement statement, SyncRunsQuery query) {
    return statement.sql(query.status().isPresent());
  }

  private static Tuple withStatus(Tuple params, SyncRunsQuery query) {
    query.status().ifPresent(status -> params.addInteger(status.code()));
    return params;
  }
}
