package ai.squared.syncruns.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

/** The server's own database sessions, as PostgreSQL sees them (pg_stat_activity). */
public final class ServerSessions {
  private final String databaseUrl;

  public ServerSessions(String databaseUrl) {
    this.databaseUrl = databaseUrl;
  }

  /** Sessions of the server in {@code state} ("idle in transaction", "active", ...). */
  public int count(String state) throws Exception {
    try (Connection connection = TestDatabase.connect(databaseUrl);
         ResultSet rows = connection.createStatement().executeQuery(
             "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sync-runs-server' AND state = '"
                 + state + "' AND datname = current_database()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** Polls until {@code count} sessions are in {@code state}; false if that did not happen in time. */
  public boolean waitFor(String state, int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (count(state) == count) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
