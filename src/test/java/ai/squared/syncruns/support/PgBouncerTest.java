package ai.squared.syncruns.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PgBouncer runs a real pooler: in either pool mode the database's session is one the pooler opened,
 * the pooler can be killed and started again on the same port, and it checks the client's password.
 */
@ExtendWith(VertxExtension.class)
class PgBouncerTest {
  private static final String DATABASE = TestDatabase.server().createDatabase();

  @ParameterizedTest
  @ValueSource(strings = {"session", "transaction"})
  void sessionsGoThroughThePoolerWhichCanBeStoppedAndStartedAgain(String poolMode, Vertx vertx) throws Exception {
    try (PgBouncer pooler = PgBouncer.start(DATABASE, poolMode)) {
      PgConnection connection = connect(vertx, pooler.url()).await();
      connection.exceptionHandler(expected -> { }); // its socket is cut below
      Row row = connection.preparedQuery("SELECT $1::int AS one, pg_backend_pid() AS pid").execute(Tuple.of(1))
          .await().iterator().next();
      assertThat(row.getInteger("one")).isOne();
      int clientPort = clientPortOfSession(row.getInteger("pid"));
      assertThat(admin(vertx, pooler, "SHOW SERVERS")).as(pooler.log()).anySatisfy(server -> {
        assertThat(server.getInteger("remote_pid")).isEqualTo(row.getInteger("pid"));
        assertThat(server.getInteger("local_port")).isEqualTo(clientPort);
      });

      pooler.stop();
      Future<RowSet<Row>> cut = connection.query("SELECT 1").execute();
      Future<PgConnection> refused = connect(vertx, pooler.url());
      assertThat(cut.otherwiseEmpty().await()).isNull();
      assertThat(refused.otherwiseEmpty().await()).isNull();
      assertThat(cut.failed()).isTrue();
      assertThat(refused.cause()).isInstanceOf(ConnectException.class);

      pooler.restart();
      PgConnection again = connect(vertx, pooler.url()).await();
      assertThat(again.query("SELECT 1").execute().await().iterator().next().getInteger(0)).isOne();
      again.close().await();
    }
  }

  @Test
  void theClientsPasswordIsCheckedByThePooler(Vertx vertx) {
    try (PgBouncer pooler = PgBouncer.start(DATABASE, "transaction")) {
      Future<PgConnection> wrong = PgConnection.connect(vertx,
          PgConnectOptions.fromUri(pooler.url()).setPassword("not-the-password"));
      assertThat(wrong.otherwiseEmpty().await()).isNull();
      assertThat(wrong.cause()).isInstanceOf(PgException.class).hasMessageContaining("SASL authentication failed");
      assertThat(pooler.log()).contains("password authentication failed");
    }
  }

  private static Future<PgConnection> connect(Vertx vertx, String url) {
    // what transaction pooling needs: each execution re-parses its statement, none is named
    return PgConnection.connect(vertx, PgConnectOptions.fromUri(url).setUseLayer7Proxy(true)
        .setCachePreparedStatements(false));
  }

  /** The port of the database session's client, as PostgreSQL sees it. */
  private static int clientPortOfSession(int pid) throws Exception {
    try (Connection connection = TestDatabase.connect(DATABASE);
         PreparedStatement statement = connection.prepareStatement(
             "SELECT client_port FROM pg_stat_activity WHERE pid = ?")) {
      statement.setInt(1, pid);
      try (ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getInt(1);
      }
    }
  }

  private static RowSet<Row> admin(Vertx vertx, PgBouncer pooler, String command) {
    PgConnection console = PgConnection.connect(vertx, PgConnectOptions.fromUri(pooler.adminUrl())).await();
    try {
      return console.query(command).execute().await();
    } finally {
      console.close().await();
    }
  }
}
