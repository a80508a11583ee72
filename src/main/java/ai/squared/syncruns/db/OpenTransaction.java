package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * A transaction on a held connection, as the work done in it sees it: its statements, and rows read
 * through a cursor (which lives in a transaction).
 */
public final class OpenTransaction {
  private final SqlConnection connection;
  private final CursorStatements statements;

  OpenTransaction(SqlConnection connection, CursorStatements statements) {
    this.connection = connection;
    this.statements = statements;
  }

  public Future<RowSet<Row>> execute(String sql, Tuple params) {
    return connection.preparedQuery(sql).execute(params);
  }

  /**
   * The rows of {@code sql} through a cursor, {@code fetchSize} at a time: {@code reader} gets them;
   * once its future completes the cursor is closed, without waiting, ahead of the transaction's end.
   */
  public <T> Future<T> cursor(String sql, Tuple params, int fetchSize, Function<RowStream<Row>, Future<T>> reader) {
    return statements.read(connection, sql, params, fetchSize, reader);
  }
}
