package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.LogCapture;
import ai.squared.syncruns.support.MeteredVertx;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.StreamingReplica;
import ai.squared.syncruns.support.StreamingReplica.Standby;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads on real streaming replicas (two hot standbys of a primary of the test's own): they serve the
 * endpoints' every statement (the list, one run, a run's records) and the primary none; one stopped under load costs no request, and
 * rejoins when it is back; one whose replay is paused serves nothing once it is DB_REPLICA_MAX_LAG_MS
 * behind, so page 1 shows a new run; an idle primary does not make caught-up replicas look stale;
 * a promoted replica keeps serving, and the log says once that it is not in recovery.
 */
class ReadReplicaTest {
  private static final String RUNS = "/api/v1/syncs/42/sync_runs";
  private static final long MAX_LAG_MS = 1_000;

  private Vertx vertx;
  private StreamingReplica cluster;
  private Standby first;
  private Standby second;
  private String database;
  private TestServer server;

  @BeforeEach
  void cluster() throws Exception {
    vertx = MeteredVertx.create(); // what the server says of its replicas is on /metrics
    cluster = StreamingReplica.start();
    first = cluster.standby();
    second = cluster.addStandby();
    database = cluster.createDatabase();
    server = TestServer.start(vertx, cluster.primaryUrl(database), Map.of(
        "DATABASE_REPLICA_URLS", first.url(database) + "," + second.url(database),
        "DB_REPLICA_MAX_LAG_MS", MAX_LAG_MS, "JWT_CHECK_JTI", true));
    try (Fixtures fixtures = new Fixtures(cluster.primaryUrl(database))) {
      fixtures.user(1, "jti-1").workspace(1).member(1, 1).sync(42, 1);
      for (long id = 1; id <= 30; id++) {
        fixtures.run(Run.of(id, 42));
        fixtures.record(id, 42, 1, "{\"n\": " + id + "}", 1, 0, null, Run.BASE.plusSeconds(id));
      }
    }
    cluster.waitUntilCaughtUp();
    awaitTrue("both replicas serve", () -> usable(first) && usable(second));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    cluster.close();
    vertx.close().await();
  }

  @Test
  void theReplicasServeEveryStatementInTurnAndThePrimaryNone() throws Exception {
    long primaryScans = settled(() -> scansOfSyncRuns(cluster.primaryUrl(database)));
    long firstBefore = served(first);
    long secondBefore = served(second);
    for (int i = 0; i < 40; i++) {
      String uri = switch (i % 5) {
        case 0 -> RUNS;
        case 1 -> RUNS + "?status=success";
        case 2 -> RUNS + "?per_page=200"; // streamed through a cursor, in a transaction
        case 3 -> RUNS + "/1"; // one run
        default -> RUNS + "/1/sync_records?per_page=" + (i % 2 == 0 ? 10 : 25); // its records, streamed or not
      };
      assertThat(get(uri).statusCode()).as(uri).isEqualTo(200);
    }
    assertThat(get("/api/v1/syncs/9999/sync_runs").statusCode()).isEqualTo(404);
    assertThat(served(first) - firstBefore).as("the first replica's share").isBetween(15L, 26L);
    assertThat(served(second) - secondBefore).as("the second replica's share").isBetween(15L, 26L);
    awaitTrue("the replicas' transactions on the database, in pg_stat_database (published a second late)",
        () -> committed(first.url(database)) + committed(second.url(database)) >= 41);
    Thread.sleep(1_500); // the primary's sessions publish their statistics a second after the last
    assertThat(scansOfSyncRuns(cluster.primaryUrl(database))).as("the primary read no sync_runs nor sync_records")
        .isEqualTo(primaryScans);
  }

  @Test
  void aReplicaStoppedUnderLoadCostsNoRequestAndRejoins() throws Exception {
    // eight requests in flight at all times, small and streamed pages, while the replica shuts down
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      if (i == 100) {
        first.stop(); // a fast shutdown: the sessions in flight on it end at once (57P01)
      }
      if (i >= 8) {
        answers.get(i - 8).await();
      }
      answers.add(server.client().get(i % 5 == 0 ? RUNS + "?per_page=200" : RUNS)
          .putHeader("Authorization", "Bearer " + Tokens.forUser(1)).putHeader("Workspace-Id", "1").send());
    }
    assertThat(answers).as("every request, those in flight while the replica went away included")
        .allSatisfy(answer -> assertThat(answer.await().statusCode()).isEqualTo(200));
    assertThat(usable(first)).isFalse();
    long secondServed = served(second);
    assertThat(get(RUNS).statusCode()).isEqualTo(200);
    assertThat(served(second)).as("the other replica serves meanwhile").isGreaterThan(secondServed);

    first.start();
    awaitTrue("the stopped replica rejoins", () -> usable(first));
    long firstServed = served(first);
    for (int i = 0; i < 6; i++) {
      assertThat(get(RUNS).statusCode()).isEqualTo(200);
    }
    assertThat(served(first)).as("and serves again").isGreaterThan(firstServed);
  }

  @Test
  void aReplicaTooFarBehindServesNothingUntilItCatchesUp() throws Exception {
    first.pauseReplay();
    second.pauseReplay();
    try (Fixtures fixtures = new Fixtures(cluster.primaryUrl(database))) {
      LocalDateTime later = LocalDateTime.of(2030, 1, 1, 0, 0);
      fixtures.run(Run.of(31, 42).created(later, later));
    }
    long written = System.nanoTime();
    HttpResponse<Buffer> early = get(RUNS);
    if ((System.nanoTime() - written) / 1_000_000 < MAX_LAG_MS - 300) { // read from a replica still in bounds
      assertThat(firstId(early)).as("the paused replicas have not replayed it").isNotEqualTo("31");
    }
    awaitTrue("both replicas are out", () -> !usable(first) && !usable(second));
    assertThat((System.nanoTime() - written) / 1_000_000).as("out once behind the limit, not before")
        .isGreaterThanOrEqualTo(MAX_LAG_MS);
    assertThat(firstId(get(RUNS))).as("page 1, from the primary, shows the new run").isEqualTo("31");
    assertThat(replicaLagSeconds(first)).isGreaterThan(MAX_LAG_MS / 1000.0);

    first.resumeReplay();
    second.resumeReplay();
    awaitTrue("caught up, they serve again", () -> usable(first) && usable(second));
    long served = served(first) + served(second);
    assertThat(firstId(get(RUNS))).isEqualTo("31");
    assertThat(served(first) + served(second)).isEqualTo(served + 1);
  }

  @Test
  void anIdlePrimaryDoesNotMakeCaughtUpReplicasLookStale() throws Exception {
    Thread.sleep(3 * MAX_LAG_MS); // nothing written meanwhile
    assertThat(usable(first) && usable(second)).isTrue();
    assertThat(replicaLagSeconds(first)).isZero();
    assertThat(secondsSinceLastReplayedCommit(first.url(database)))
        .as("a lag read off the replay time alone would say").isGreaterThan(MAX_LAG_MS / 1000.0);
    assertThat(get(RUNS).statusCode()).isEqualTo(200);
  }

  @Test
  void aPromotedReplicaKeepsServingAndTheLogSaysItOnce() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      first.promote();
      awaitTrue("said once", () -> !notInRecoveryLines(log).isEmpty());
      long served = served(first);
      for (int i = 0; i < 10; i++) {
        assertThat(get(RUNS).statusCode()).isEqualTo(200);
      }
      assertThat(usable(first)).isTrue();
      assertThat(served(first)).as("the promoted replica serves its turn").isGreaterThan(served);
      Thread.sleep(600); // more probes
      assertThat(notInRecoveryLines(log)).hasSize(1);
    }
  }

  private static List<String> notInRecoveryLines(LogCapture log) {
    return log.lines().stream().map(line -> line.getFormattedMessage())
        .filter(line -> line.contains("is not in recovery")).toList();
  }

  private HttpResponse<Buffer> get(String uri) {
    return server.get(uri, Tokens.forUser(1), 1);
  }

  private static String firstId(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("data").getJsonObject(0).getString("id");
  }

  // what the server says of a replica on /metrics

  private boolean usable(Standby standby) {
    return metric("sync_runs_db_replica_usable", standby) == 1.0;
  }

  private long served(Standby standby) {
    return (long) metric("sync_runs_db_replica_requests_total", standby);
  }

  private double replicaLagSeconds(Standby standby) {
    return metric("sync_runs_db_replica_lag_seconds", standby);
  }

  private double metric(String name, Standby standby) {
    String label = standby.url(database).replaceAll("^.*@", "");
    String scrape = server.get("/metrics", null, null).bodyAsString();
    Matcher value = Pattern.compile("(?m)^" + name + "\\{replica=\"" + Pattern.quote(label) + "\"} (\\S+)$")
        .matcher(scrape);
    assertThat(value.find()).as("%s for %s in the scrape", name, label).isTrue();
    return Double.parseDouble(value.group(1));
  }

  // what PostgreSQL says

  private long scansOfSyncRuns(String url) throws SQLException {
    return single(url, "SELECT sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)) FROM pg_stat_user_tables "
        + "WHERE relname IN ('sync_runs', 'sync_records')");
  }

  /** Transactions on the test database, as the server at {@code url} counts them (read from another database). */
  private long committed(String url) {
    try {
      return single(url.replace("/" + database, "/postgres"),
          "SELECT xact_commit FROM pg_stat_database WHERE datname = '" + database + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private double secondsSinceLastReplayedCommit(String url) throws SQLException {
    try (Connection connection = TestDatabase.connect(url); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery(
             "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())")) {
      row.next();
      return row.getDouble(1);
    }
  }

  private static long single(String url, String sql) throws SQLException {
    try (Connection connection = TestDatabase.connect(url); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private interface Measure {
    long read() throws Exception;
  }

  /** The value once it has held still for a second (statistics are published a second late). */
  private static long settled(Measure measure) throws Exception {
    long last = measure.read();
    long stableSince = System.nanoTime();
    while (System.nanoTime() - stableSince < 1_200_000_000L) {
      Thread.sleep(100);
      long now = measure.read();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
    }
    return last;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 15 s: %s", what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
