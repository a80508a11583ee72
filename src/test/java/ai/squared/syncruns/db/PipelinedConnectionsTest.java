package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pipelined connection carries at most DB_PIPELINING_LIMIT statements at once: a statement past the
 * limit waits for room (and is given up at its deadline, without ever reaching the database) instead
 * of queueing behind the others on the connection.
 */
@ExtendWith(VertxExtension.class)
class PipelinedConnectionsTest {
  private static final String DATABASE = TestDatabase.server().createDatabase();

  private static Endpoint pipelined(Vertx vertx, int limit) {
    return Database.connect(vertx, TestServer.config(DATABASE, Map.of("DB_PIPELINED_CONNECTIONS", 1,
        "HTTP_INSTANCES", 1, "DB_PIPELINING_LIMIT", limit, "DB_STATEMENT_TIMEOUT_MS", 0)),
        DatabaseUrl.parse(DATABASE), 0).primary();
  }

  /** A statement sent while a 2.5-second one runs on the only connection. */
  private static Future<RowSet<Row>> behindASlowOne(Endpoint endpoint, Deadline deadline) {
    endpoint.execute("SELECT 1", Tuple.tuple(), 1, Deadline.none()).await(); // open: only room is waited for
    Future<RowSet<Row>> slow = endpoint.execute("SELECT pg_sleep(2.5)", Tuple.tuple(), 1, Deadline.none());
    Future<RowSet<Row>> next = endpoint.execute("SELECT 1", Tuple.tuple(), 1, deadline);
    slow.await();
    next.otherwiseEmpty().await();
    return next;
  }

  @Test
  void pastTheLimitAStatementWaitsForRoomAndIsGivenUpAtItsDeadline(Vertx vertx) {
    Endpoint endpoint = pipelined(vertx, 1);
    try {
      Future<RowSet<Row>> next = behindASlowOne(endpoint, Deadline.in(vertx, 1000));
      assertThat(next.failed()).isTrue();
      assertThat(next.cause()).isInstanceOf(Deadline.NoReplyInTime.class);
    } finally {
      endpoint.close().await();
    }
  }

  @Test
  void withinTheLimitAStatementIsPipelinedBehindTheOthers(Vertx vertx) {
    Endpoint endpoint = pipelined(vertx, 2);
    try {
      Future<RowSet<Row>> next = behindASlowOne(endpoint, Deadline.none());
      assertThat(next.succeeded()).as("%s", next.cause()).isTrue();
    } finally {
      endpoint.close().await();
    }
  }
}
