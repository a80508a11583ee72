package ai.squared.syncruns.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads the small demo data set into an empty database, and the demo records into an empty
 * {@code sync_records} (a demo database made before the records existed gets them too). Blocking:
 * run it on a worker thread.
 */
public final class DemoData {
  public static final long USER_ID = 1;
  public static final String USER_JTI = "demo-jti";
  public static final long WORKSPACE_ID = 1;
  public static final long SYNC_ID = 1;
  /** The run the demo records belong to: sync 1's newest. */
  public static final long RUN_ID = 25;
  private static final String SCRIPT = "db/demo/demo-data.sql";
  private static final String RECORDS = "db/demo/demo-records.sql";

  private DemoData() {
  }

  /** @return true when the data was loaded, false when the database already had users. */
  public static boolean loadIfEmpty(DatabaseUrl url) {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         Statement statement = connection.createStatement()) {
      boolean loaded = false;
      if (isEmpty(statement, "users")) {
        statement.execute(script(SCRIPT));
        loaded = true;
      }
      if (isEmpty(statement, "sync_records") && !isEmpty(statement, "sync_runs WHERE id = " + RUN_ID)) {
        statement.execute(script(RECORDS));
      }
      return loaded;
    } catch (SQLException e) {
      throw new IllegalStateException("demo data could not be loaded: " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Statement statement, String rows) throws SQLException {
    try (ResultSet any = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + rows + ")")) {
      any.next();
      return any.getBoolean(1);
    }
  }

  private static String script(String name) {
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(name + " could not be read", e);
    }
  }
}
