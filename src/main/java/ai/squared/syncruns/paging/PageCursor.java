package ai.squared.syncruns.paging;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * A one-page statement read through a cursor, {@code fetchSize} rows at a time, on a connection with
 * an open transaction (a cursor lives in one). Once the reader's future completes, the cursor and the
 * statement are closed without waiting: the closes go ahead of the transaction's end on the
 * connection. (A statement prepared by hand stays in the session until it is closed; behind a
 * transaction pooler it must not outlive its transaction.)
 */
public final class PageCursor {
  private PageCursor() {
  }

  public static <T> Future<T> read(SqlConnection connection, String sql, Tuple params, int fetchSize,
                                   Function<RowStream<Row>, Future<T>> reader) {
    return connection.prepare(sql).compose(prepared -> {
      RowStream<Row> rows = prepared.createStream(fetchSize, params);
      return reader.apply(rows).andThen(done -> {
        rows.close();
        prepared.close();
      });
    });
  }
}
