package ai.squared.syncruns.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;

/** Writes test rows straight into the database over JDBC. */
public final class Fixtures implements AutoCloseable {
  private final Connection connection;

  public Fixtures(String databaseUrl) {
    this.connection = TestDatabase.connect(databaseUrl);
  }

  public Fixtures user(long id, String jti) {
    return execute("INSERT INTO users (id, email, jti) VALUES (?, ?, ?)", id, "user" + id + "@example.com", jti);
  }

  public Fixtures workspace(long id) {
    return execute("INSERT INTO workspaces (id, name) VALUES (?, ?)", id, "workspace " + id);
  }

  public Fixtures member(long userId, long workspaceId) {
    return execute("INSERT INTO workspace_users (user_id, workspace_id, role_id) VALUES (?, ?, 1)",
        (int) userId, (int) workspaceId);
  }

  public Fixtures sync(long id, long workspaceId) {
    return execute("INSERT INTO syncs (id, workspace_id) VALUES (?, ?)", id, (int) workspaceId);
  }

  public Fixtures discardedSync(long id, long workspaceId) {
    return execute("INSERT INTO syncs (id, workspace_id, discarded_at) VALUES (?, ?, ?)", id, (int) workspaceId,
        Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0)));
  }

  public Fixtures run(Run run) {
    return execute("""
        INSERT INTO sync_runs (id, sync_id, workspace_id, status, started_at, finished_at, total_query_rows,
                               total_rows, successful_rows, failed_rows, skipped_rows, error, discarded_at,
                               created_at, updated_at)
        VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, run.id(), (int) run.syncId(), run.status(), ts(run.startedAt()), ts(run.finishedAt()),
        run.totalQueryRows(), run.totalRows(), run.successfulRows(), run.failedRows(), run.skippedRows(),
        run.error(), ts(run.discardedAt()), ts(run.createdAt()), ts(run.updatedAt()));
  }

  /**
   * A record of a run, as the platform writes it: {@code record} and {@code logs} are JSON texts (or
   * null for SQL NULL), stored as jsonb; fingerprint and primary key unique per record.
   */
  public Fixtures record(long id, long syncId, long runId, String record, Integer status, Integer action, String logs,
                         LocalDateTime createdAt) {
    return execute("""
        INSERT INTO sync_records (id, sync_id, sync_run_id, record, fingerprint, action, primary_key, status, logs,
                                  created_at, updated_at)
        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?)
        """, id, (int) syncId, (int) runId, record, "fp-" + id, action, "pk-" + id, status, logs, ts(createdAt),
        ts(createdAt.plusSeconds(1)));
  }

  /**
   * 1,000 runs of about 8 KB each (their error text) for the sync, in workspace 1: an 8 MB page,
   * more than the socket buffers between a client and the server hold.
   */
  public Fixtures bulkyRuns(long syncId) {
    return sql("INSERT INTO sync_runs (sync_id, workspace_id, status, error, created_at, updated_at) SELECT "
        + syncId + ", 1, 5, repeat(md5(n::text), 256), now(), now() FROM generate_series(1, 1000) AS n");
  }

  /** Any SQL, for a test's own set-up. */
  public Fixtures sql(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      return this;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Timestamp ts(LocalDateTime value) {
    return value == null ? null : Timestamp.valueOf(value);
  }

  private Fixtures execute(String sql, Object... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          statement.setNull(i + 1, Types.NULL);
        } else {
          statement.setObject(i + 1, values[i]);
        }
      }
      statement.executeUpdate();
      return this;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
