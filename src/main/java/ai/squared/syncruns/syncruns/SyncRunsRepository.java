package ai.squared.syncruns.syncruns;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** The endpoint's queries, run on a connection the caller holds (inside a transaction). */
final class SyncRunsRepository {

  Future<Access> access(SqlConnection connection, SyncRunsQuery query) {
    Tuple params = Tuple.of(query.userId(), query.workspaceId(), query.syncId(),
        query.tokenJti().orElse(null), query.status().map(RunStatus::code).orElse(null));
    return connection.preparedQuery(SyncRunsSql.ACCESS_AND_COUNT).execute(params).map(rows -> {
      Row row = rows.iterator().next();
      Long total = row.getLong(3);
      return new Access(row.getBoolean(0), row.getBoolean(1), row.getBoolean(2), total == null ? 0 : total);
    });
  }

  /** A cursor over the page, read {@code fetchSize} rows at a time; needs an open transaction. */
  Future<RowStream<Row>> page(SqlConnection connection, SyncRunsQuery query, int fetchSize) {
    Tuple params = Tuple.of(query.syncId(), (long) query.perPage(), query.offset());
    String sql = SyncRunsSql.PAGE;
    if (query.status().isPresent()) {
      params.addInteger(query.status().get().code());
      sql = SyncRunsSql.PAGE_WITH_STATUS;
    }
    return connection.prepare(sql).map(statement -> statement.createStream(fetchSize, params));
  }
}
