package ai.squared.syncruns.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Loads the small demo data set into an empty database (blocking: run it on a worker thread). */
public final class DemoData {
  public static final long USER_ID = 1;
  public static final String USER_JTI = "demo-jti";
  public static final long WORKSPACE_ID = 1;
  public static final long SYNC_ID = 1;
  private static final String SCRIPT = "db/demo/demo-data.sql";

  private DemoData() {
  }

  /** @return true when the data was loaded, false when the database already had runs. */
  public static boolean loadIfEmpty(DatabaseUrl url) {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
         Statement statement = connection.createStatement()) {
      try (ResultSet any = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM users)")) {
        any.next();
        if (any.getBoolean(1)) {
          return false;
        }
      }
      statement.execute(script());
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("demo data could not be loaded: " + e.getMessage(), e);
    }
  }

  private static String script() {
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(SCRIPT + " could not be read", e);
    }
  }
}
