package ai.squared.syncruns.support;

import ai.squared.syncruns.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server per test JVM, resolved in this order: {@code TEST_DATABASE_URL} from
 * the environment, else a Testcontainers PostgreSQL when a Docker engine answers, else the embedded
 * PostgreSQL. Each test class takes a fresh database of its own from it.
 */
public final class TestDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static TestDatabase server;

  private final DatabaseUrl admin;

  private TestDatabase(DatabaseUrl admin) {
    this.admin = admin;
  }

  public static synchronized TestDatabase server() {
    if (server == null) {
      server = new TestDatabase(resolve());
    }
    return server;
  }

  /** A new, empty database on the server; returns its {@code postgresql://} URL. */
  public String createDatabase() {
    String name = "sync_runs_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return url(new DatabaseUrl(admin.host(), admin.port(), name, admin.user(), admin.password()));
  }

  /** The administrator's URL for {@code database} of the server (the server's own maintenance one: "postgres"). */
  public String adminUrl(String database) {
    return url(new DatabaseUrl(admin.host(), admin.port(), database, admin.user(), admin.password()));
  }

  public static Connection connect(String url) {
    return connect(DatabaseUrl.parse(url));
  }

  private static Connection connect(DatabaseUrl url) {
    try {
      return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + url.redacted(), e);
    }
  }

  private static String url(DatabaseUrl url) {
    String password = url.password() == null ? "" : ":" + url.password();
    return "postgresql://" + url.user() + password + "@" + url.host() + ":" + url.port() + "/" + url.database();
  }

  private static DatabaseUrl resolve() {
    String explicit = System.getenv("TEST_DATABASE_URL");
    if (explicit != null && !explicit.isBlank()) {
      LOG.info("tests use TEST_DATABASE_URL");
      return DatabaseUrl.parse(explicit);
    }
    if (dockerAvailable()) {
      LOG.info("tests use a Testcontainers PostgreSQL");
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new DatabaseUrl(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
          container.getUsername(), container.getPassword());
    }
    LOG.info("no Docker engine: tests use the embedded PostgreSQL");
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // the JVM is exiting; the temporary cluster goes with it
        }
      }));
      return new DatabaseUrl("localhost", embedded.getPort(), "postgres", "postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
