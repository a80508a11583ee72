package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.db.DatabaseUrl;
import ai.squared.syncruns.db.Migrations;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.LogCapture;
import ai.squared.syncruns.support.ReaderRole;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import ai.squared.syncruns.support.Topology;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL refusing the server's logins (SPEC §1, the 503 row): whatever FATAL it sends while a
 * connection is being opened, a request is a 503 with Retry-After within the request's bound, the
 * readiness probe says 503, the log says once what the database answered (no stack trace, no
 * password), and once the login works again the same process serves 200s within 5 s. The server's
 * sessions are cut first, as a maintenance window or a failover does. Through a pooler, the pooler
 * logs in and sees the refusal: the server sees what the pooler makes of it (its own 08P01, or a
 * connection it closes), and the log says that.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Topology.TAG)
class LoginRefusedTest {
  private static final String RUNS = "/api/v1/syncs/42/sync_runs";
  /** The shipped bound of a request's database wait (DB_STATEMENT_TIMEOUT_MS). */
  private static final long BOUND_MS = 1_500;

  private String databaseUrl;
  private ReaderRole role;

  @BeforeAll
  void database() throws Exception {
    databaseUrl = TestDatabase.server().createDatabase();
    Migrations.apply(DatabaseUrl.parse(databaseUrl));
    try (Fixtures fixtures = new Fixtures(databaseUrl)) {
      fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
    }
    role = ReaderRole.create(databaseUrl);
  }

  @AfterAll
  void dropRole() throws Exception {
    role.close();
  }

  @Test
  void aDatabaseClosedToConnections(Vertx vertx) throws Exception {
    refusedThenServed(vertx, "55000", role::closeDatabase, role::openDatabase);
  }

  @Test
  void aDatabaseRenamedAway(Vertx vertx) throws Exception {
    refusedThenServed(vertx, "3D000", role::renameDatabaseAway, role::renameDatabaseBack);
  }

  @Test
  void aRotatedPassword(Vertx vertx) throws Exception {
    refusedThenServed(vertx, "28P01", role::rotatePassword, role::restorePassword);
  }

  @Test
  void aRoleWithoutLogin(Vertx vertx) throws Exception {
    refusedThenServed(vertx, "28000", role::revokeLogin, role::grantLogin);
  }

  private void refusedThenServed(Vertx vertx, String sqlState, Runnable refuse, Runnable restore) throws Exception {
    try (TestServer server = TestServer.start(vertx, role.url(), Map.of("DB_MIGRATE", false));
         LogCapture log = LogCapture.start()) {
      assertThat(get(server).statusCode()).isEqualTo(200);

      refuse.run();
      boolean restored = false;
      try {
        refusedAndSaidSo(server, log, sqlState);
        restore.run();
        restored = true;
      } finally {
        if (!restored) {
          restore.run(); // the next case needs a database that takes logins
        }
      }
      long restoredAt = System.nanoTime();
      int status = 0;
      while (status != 200 && System.nanoTime() - restoredAt < 5_000_000_000L) {
        status = get(server).statusCode();
      }
      assertThat(status).as("served again within 5 s of the undo").isEqualTo(200);
      assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(200);
    }
  }

  private void refusedAndSaidSo(TestServer server, LogCapture log, String sqlState) {
    for (int request = 0; request < 3; request++) {
      long started = System.nanoTime();
      HttpResponse<Buffer> response = get(server);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(response.statusCode()).as("refused with %s: request %d", sqlState, request).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).isEqualTo("2");
      assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
          .put("message", "Service temporarily unavailable, retry later").put("status", "service_unavailable"));
      assertThat(elapsedMs).as("answered after").isLessThan(BOUND_MS);
    }
    assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(503);
    assertThat(server.get("/health/live", null, null).statusCode()).isEqualTo(200);
    assertOneClearLine(log.lines(), sqlState);
  }

  /**
   * One warning that says what the database answered (through a pooler: one line at least of what
   * the pooler answered); no 500s, no stack traces, no password.
   */
  private void assertOneClearLine(List<ILoggingEvent> lines, String sqlState) {
    if (Topology.current().pooled()) {
      assertThat(lines).as("the log").anySatisfy(line ->
          assertThat(line.getFormattedMessage()).startsWith("database unavailable: "));
    } else {
      List<ILoggingEvent> refusals = lines.stream()
          .filter(line -> line.getFormattedMessage().contains("the database refuses logins")).toList();
      assertThat(refusals).as("the log: %s", lines).hasSize(1);
      assertThat(refusals.get(0).getFormattedMessage())
          .startsWith("database unavailable: the database refuses logins: ").contains("(" + sqlState + ")");
    }
    assertThat(lines).allSatisfy(line -> {
      assertThat(line.getThrowableProxy()).as("a stack trace in %s", line.getFormattedMessage()).isNull();
      assertThat(line.getFormattedMessage()).doesNotContain(role.password()).doesNotContain("unexpected failure");
    });
  }

  private static HttpResponse<Buffer> get(TestServer server) {
    return server.get(RUNS, Tokens.forUser(1), 1);
  }
}
