package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipelined client carries at most DB_PIPELINING_LIMIT statements at once on a connection: a
 * statement past the limit waits for room (and gives up after DB_CONNECT_TIMEOUT_MS) instead of
 * queueing behind the others on the connection.
 */
@ExtendWith(VertxExtension.class)
class PoolFactoryTest {
  private static final String DATABASE = TestDatabase.server().createDatabase();

  private static SqlClient pipelined(Vertx vertx, int limit) {
    return PoolFactory.createPipelined(vertx, TestServer.config(DATABASE, Map.of("DB_PIPELINED_CONNECTIONS", 1,
        "DB_PIPELINING_LIMIT", limit, "DB_CONNECT_TIMEOUT_MS", 1000)), DatabaseUrl.parse(DATABASE));
  }

  /** A statement sent while a 2.5-second one runs on the only connection: its outcome. */
  private static Future<RowSet<Row>> behindASlowOne(SqlClient client) {
    client.query("SELECT 1").execute().await(); // the connection is open: only room can be waited for
    Future<RowSet<Row>> slow = client.query("SELECT pg_sleep(2.5)").execute();
    Future<RowSet<Row>> next = client.query("SELECT 1").execute();
    slow.await();
    next.otherwiseEmpty().await();
    return next;
  }

  @Test
  void pastTheLimitAStatementWaitsForRoomAndGivesUp(Vertx vertx) {
    SqlClient client = pipelined(vertx, 1);
    try {
      Future<RowSet<Row>> next = behindASlowOne(client);
      assertThat(next.failed()).isTrue();
      assertThat(next.cause()).hasMessageContaining("Timeout");
    } finally {
      client.close().await();
    }
  }

  @Test
  void withinTheLimitAStatementIsPipelinedBehindTheOthers(Vertx vertx) {
    SqlClient client = pipelined(vertx, 2);
    try {
      Future<RowSet<Row>> next = behindASlowOne(client);
      assertThat(next.succeeded()).as("%s", next.cause()).isTrue();
    } finally {
      client.close().await();
    }
  }
}
