package ai.squared.syncruns.support;

import ai.squared.syncruns.db.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A login role that reads one test database, whose password PostgreSQL checks, and the ways an
 * operator makes PostgreSQL refuse its logins: the database closed to connections (55000), renamed
 * away (3D000), the password rotated (28P01), the role's LOGIN revoked (28000). Each has its undo.
 * The embedded test server trusts every login, so the role gets {@code scram-sha-256} lines of its
 * own at the top of {@code pg_hba.conf} when that file is the test's to change.
 */
public final class ReaderRole implements AutoCloseable {
  private static final AtomicInteger ROLES = new AtomicInteger();
  private static final String PASSWORD = "reader-secret-1";

  private final String name;
  private final DatabaseUrl database;
  private final String adminUrl;
  private Path hbaFile;
  private String hbaBefore;

  private ReaderRole(String name, DatabaseUrl database, String adminUrl) {
    this.name = name;
    this.database = database;
    this.adminUrl = adminUrl;
  }

  /** A role that may read every table of the database at {@code databaseUrl} (an administrator's URL). */
  public static ReaderRole create(String databaseUrl) {
    DatabaseUrl database = DatabaseUrl.parse(databaseUrl);
    String name = "sync_runs_reader_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
    ReaderRole role = new ReaderRole(name, database, TestDatabase.server().adminUrl("postgres"));
    role.admin("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'");
    try (Connection connection = TestDatabase.connect(databaseUrl); Statement statement = connection.createStatement()) {
      statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    role.requirePassword();
    return role;
  }

  public String name() {
    return name;
  }

  public String password() {
    return PASSWORD;
  }

  /** The database's URL with this role's credentials. */
  public String url() {
    return "postgresql://" + name + ":" + PASSWORD + "@" + database.host() + ":" + database.port() + "/"
        + database.database();
  }

  public void closeDatabase() {
    admin("ALTER DATABASE " + database.database() + " ALLOW_CONNECTIONS false");
    cutSessions();
  }

  public void openDatabase() {
    admin("ALTER DATABASE " + database.database() + " ALLOW_CONNECTIONS true");
  }

  public void renameDatabaseAway() {
    closeDatabase();
    cutEverySession();
    admin("ALTER DATABASE " + database.database() + " RENAME TO " + database.database() + "_away");
    admin("ALTER DATABASE " + database.database() + "_away ALLOW_CONNECTIONS true");
  }

  public void renameDatabaseBack() {
    admin("ALTER DATABASE " + database.database() + "_away ALLOW_CONNECTIONS false");
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
        + database.database() + "_away'");
    admin("ALTER DATABASE " + database.database() + "_away RENAME TO " + database.database());
    openDatabase();
  }

  public void rotatePassword() {
    admin("ALTER ROLE " + name + " PASSWORD 'rotated-" + PASSWORD + "'");
    cutSessions();
  }

  public void restorePassword() {
    admin("ALTER ROLE " + name + " PASSWORD '" + PASSWORD + "'");
  }

  public void revokeLogin() {
    admin("ALTER ROLE " + name + " NOLOGIN");
    cutSessions();
  }

  public void grantLogin() {
    admin("ALTER ROLE " + name + " LOGIN");
  }

  /** Ends the role's sessions, as a failover or an administrator would. */
  public void cutSessions() {
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "'");
  }

  private void cutEverySession() {
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database.database()
        + "' AND pid <> pg_backend_pid()");
  }

  /**
   * Makes PostgreSQL check this role's password, and proves it does: a login with a wrong one must
   * fail (a server that trusts every login could not show a rotated password being refused).
   */
  private void requirePassword() {
    Path file = Path.of(adminValue("SHOW hba_file"));
    if (Files.isWritable(file)) {
      try {
        hbaBefore = Files.readString(file);
        String lines = String.join("\n", "local all " + name + " scram-sha-256",
            "host all " + name + " 127.0.0.1/32 scram-sha-256", "host all " + name + " ::1/128 scram-sha-256", "");
        Files.writeString(file, lines + hbaBefore);
        hbaFile = file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      admin("SELECT pg_reload_conf()");
    }
    try (Connection ignored = DriverManager.getConnection(database.jdbcUrl(), name, "not-" + PASSWORD)) {
      throw new IllegalStateException("PostgreSQL at " + database.redacted() + " does not check passwords of role "
          + name + " (pg_hba.conf " + file + " is not the test's to change): a rotated password cannot be refused");
    } catch (SQLException refused) {
      // as it should be
    }
  }

  private void admin(String sql) {
    try (Connection connection = TestDatabase.connect(adminUrl); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private String adminValue(String sql) {
    try (Connection connection = TestDatabase.connect(adminUrl); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gives pg_hba.conf back, and drops the role (its sessions first). */
  @Override
  public void close() throws IOException {
    if (hbaFile != null) {
      Files.writeString(hbaFile, hbaBefore);
      admin("SELECT pg_reload_conf()");
    }
    cutSessions();
    try (Connection connection = TestDatabase.connect(url().replace(name + ":" + PASSWORD, adminCredentials()));
         Statement statement = connection.createStatement()) {
      statement.execute("DROP OWNED BY " + name);
    } catch (SQLException | IllegalStateException e) {
      // the database may be gone with its test; the role alone remains to drop
    }
    admin("DROP ROLE IF EXISTS " + name);
  }

  private String adminCredentials() {
    DatabaseUrl admin = DatabaseUrl.parse(adminUrl);
    return admin.user() + ":" + admin.password();
  }
}
