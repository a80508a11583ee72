package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/** One request's way to the database: where its statements go, within its deadline. */
public final class Reads {
  private final Endpoint endpoint;
  private final Deadline deadline;

  Reads(Endpoint endpoint, Deadline deadline) {
    this.endpoint = endpoint;
    this.deadline = deadline;
  }

  public Deadline deadline() {
    return deadline;
  }

  /** A quick statement, pipelined; one returning at most {@code rowsAtMost} rows may share a batch. */
  public Future<RowSet<Row>> execute(String sql, Tuple params, int rowsAtMost) {
    return endpoint.execute(sql, params, rowsAtMost, deadline);
  }

  /** A slow statement, on a connection of its own. */
  public Future<RowSet<Row>> executeAlone(String sql, Tuple params) {
    return endpoint.executeAlone(sql, params, deadline);
  }

  /** Work on a connection of its own, in a transaction. */
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    return endpoint.withTransaction(deadline, work);
  }
}
