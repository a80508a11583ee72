package ai.squared.syncruns.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replication pair that read-replica tests stand on: it streams, pauses, stops, restarts and is promoted. */
class StreamingReplicaTest {

  @Test
  void theStandbyFollowsThePrimaryUntilPromoted() throws Exception {
    try (StreamingReplica pair = StreamingReplica.start()) {
      String database = pair.createDatabase();
      String primary = pair.primaryUrl(database);
      String standby = pair.standbyUrl(database);
      assertThat(query(standby, "SELECT pg_is_in_recovery()")).containsExactly("t");
      sql(primary, "CREATE TABLE notes (id int)", "INSERT INTO notes VALUES (1)");
      pair.waitUntilCaughtUp();
      assertThat(ids(standby)).containsExactly("1");

      pair.pauseReplay();
      String receivedBefore = query(standby, "SELECT pg_last_wal_receive_lsn()").get(0);
      sql(primary, "INSERT INTO notes VALUES (2)");
      pair.waitUntilReceived();
      assertThat(query(standby, "SELECT pg_last_wal_receive_lsn() > '" + receivedBefore + "'")).containsExactly("t");
      assertThat(ids(standby)).as("received but not replayed").containsExactly("1");
      pair.resumeReplay();
      pair.waitUntilCaughtUp();
      assertThat(ids(standby)).containsExactly("1", "2");

      pair.stopStandby();
      assertThatThrownBy(() -> TestDatabase.connect(standby)).rootCause().isInstanceOf(ConnectException.class);
      sql(primary, "INSERT INTO notes VALUES (3)");
      pair.startStandby();
      pair.waitUntilCaughtUp();
      assertThat(ids(standby)).containsExactly("1", "2", "3");

      pair.promoteStandby();
      assertThat(query(standby, "SELECT pg_is_in_recovery()")).containsExactly("f");
      sql(standby, "INSERT INTO notes VALUES (4)");
      assertThat(ids(standby)).containsExactly("1", "2", "3", "4");
      assertThat(ids(primary)).containsExactly("1", "2", "3");
    }
  }

  private static List<String> ids(String url) throws SQLException {
    return query(url, "SELECT id FROM notes ORDER BY id");
  }

  private static List<String> query(String url, String sql) throws SQLException {
    try (Connection connection = TestDatabase.connect(url); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static void sql(String url, String... statements) throws SQLException {
    try (Connection connection = TestDatabase.connect(url); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
