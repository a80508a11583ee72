package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.JarProcess;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar as a user runs it: start, the demo's curl line, SIGTERM, and start-up failures. */
class MainProcessIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Pattern CURL = Pattern.compile(
      "curl -s -H 'Authorization: Bearer ([^']+)' -H 'Workspace-Id: (\\d+)' '([^']+)'");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void embeddedDemoStartsPrintsAWorkingCurlLineAndKeepsItsDataAcrossRestarts(@TempDir Path data) throws Exception {
    Map<String, String> environment = Map.of("HTTP_PORT", Integer.toString(JarProcess.freePort()),
        "EMBEDDED_DB_DIR", data.toString());
    try (JarProcess jar = JarProcess.start(environment)) {
      jar.awaitLine(line -> line.contains("/sync_records?") && CURL.matcher(line).find(), START);
      assertThat(jar.output()).anyMatch(line -> line.contains("demo data loaded"));
      List<Matcher> curls = jar.output().stream().map(CURL::matcher).filter(Matcher::find).toList();
      assertThat(curls).as("the list, one run, its records").hasSize(3);
      assertThat(demo(curls.get(0))).startsWith("{\"data\":[{\"id\":\"25\",\"type\":\"sync_runs\"");
      assertThat(demo(curls.get(1))).startsWith("{\"data\":{\"id\":\"25\",\"type\":\"sync_runs\"");
      assertThat(demo(curls.get(2))).startsWith("{\"data\":[{\"id\":\"1\",\"type\":\"sync_records\"")
          .contains("\"lifetime_value\": 12345678901234567891");
      jar.terminate();
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isZero();
    }
    assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
    try (JarProcess again = JarProcess.start(environment)) {
      again.awaitLine(line -> line.contains("existing data kept"), START);
      assertThat(again.output()).as("the scripts are read from the jar, and Flyway is not needed")
          .anyMatch(line -> line.contains("the history lists the packaged migrations"));
      again.terminate();
      assertThat(again.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  /** What a curl line of the demo banner answers: a 200's body. */
  private String demo(Matcher curl) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(curl.group(3)))
        .header("Authorization", "Bearer " + curl.group(1)).header("Workspace-Id", curl.group(2)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(curl.group(3)).isEqualTo(200);
    return response.body();
  }

  /** The jar on a fresh database with user 1 in workspace 1 and sync 42; {@code runs} SQL may add runs. */
  private static JarProcess startOnFreshDatabase(int port, String runs) throws Exception {
    String url = TestDatabase.server().createDatabase();
    JarProcess jar = JarProcess.start(Map.of("DATABASE_URL", url, "HTTP_PORT", Integer.toString(port),
        "JWT_SECRET", Tokens.SECRET));
    jar.awaitLine(line -> line.contains("listening on"), START);
    try (Fixtures fixtures = new Fixtures(url)) {
      fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1).sql(runs);
    }
    return jar;
  }

  @Test
  void sigtermStopsGracefullyWithExitCodeZero() throws Exception {
    int port = JarProcess.freePort();
    try (JarProcess jar = startOnFreshDatabase(port, "SELECT 1")) {
      assertThat(JarProcess.getSyncRuns(port, 42).statusCode()).isEqualTo(200);
      assertThat(jar.stop()).isZero();
      assertThat(jar.output()).anyMatch(line -> line.endsWith("stopped"));
    }
  }

  @Test
  void sigtermDoesNotWaitForConnectionsThatSentNoRequest() throws Exception {
    int port = JarProcess.freePort();
    try (JarProcess jar = startOnFreshDatabase(port, "SELECT 1");
         Socket silent = new Socket("127.0.0.1", port);
         Socket halfAHead = new Socket("127.0.0.1", port)) {
      halfAHead.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(
          StandardCharsets.US_ASCII));
      Thread.sleep(200);
      long terminated = System.nanoTime();
      jar.terminate();
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - terminated))
          .as("well before SHUTDOWN_TIMEOUT_MS (10 s)").isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void sigtermLetsAStreamingPageFinish() throws Exception {
    int port = JarProcess.freePort();
    try (JarProcess jar = startOnFreshDatabase(port, """
        INSERT INTO sync_runs (sync_id, workspace_id, status, error, created_at, updated_at)
        SELECT 42, 1, 5, repeat(md5(n::text), 256), now(), now() FROM generate_series(1, 1000) AS n
        """)) {
      // HTTP/1.1: JDK 17's client drops its open HTTP/2 streams on the GOAWAY that a graceful
      // shutdown sends (seen here), though the server lets them finish
      HttpResponse<java.io.InputStream> response = http.send(HttpRequest.newBuilder(
              URI.create("http://localhost:" + port + "/api/v1/syncs/42/sync_runs?per_page=1000"))
          .version(HttpClient.Version.HTTP_1_1)
          .header("Authorization", "Bearer " + Tokens.forUser(1)).header("Workspace-Id", "1").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      // an 8 MB page the client has not read yet: the server is paused mid-stream when SIGTERM comes,
      // twice (an impatient operator, or a process manager and a person)
      jar.terminate();
      jar.awaitLine(line -> line.contains("shutting down"), Duration.ofSeconds(10));
      jar.terminate();
      jar.awaitLine(line -> line.contains("already shutting down"), Duration.ofSeconds(10));
      Thread.sleep(500);
      byte[] body;
      try (java.io.InputStream in = response.body()) {
        body = in.readAllBytes();
      }
      io.vertx.core.json.JsonObject page = new io.vertx.core.json.JsonObject(new String(body,
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(page.getJsonArray("data")).hasSize(1000);
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void jsonLogFormatMakesEveryLineOneJsonObject() throws Exception {
    int port = JarProcess.freePort();
    try (JarProcess jar = JarProcess.start(Map.of("DATABASE_URL", TestDatabase.server().createDatabase(),
        "HTTP_PORT", Integer.toString(port), "JWT_SECRET", Tokens.SECRET, "LOG_FORMAT", "json", "ACCESS_LOG", "true"))) {
      jar.awaitLine(line -> line.contains("listening on"), START);
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/api/v1/syncs/42/sync_runs")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(401);
      jar.terminate();
      assertThat(jar.awaitExit(Duration.ofSeconds(30))).isZero();
      List<JsonObject> lines = jar.output().stream().map(JsonObject::new).toList();
      assertThat(lines).anyMatch(line -> line.getString("formattedMessage").startsWith("listening on"))
          .anyMatch(line -> line.getString("loggerName").equals("access"))
          .anyMatch(line -> line.getString("formattedMessage").equals("stopped"));
    }
  }

  @Test
  void invalidSettingStopsTheStartNamingTheKey() throws Exception {
    try (JarProcess jar = JarProcess.start(Map.of("HTTP_PORT", "eighty", "DATABASE_URL",
        "postgresql://u:p@127.0.0.1:1/db", "JWT_SECRET", "s"))) {
      assertThat(jar.awaitExit(START)).isNotZero();
      assertThat(jar.output()).filteredOn(line -> line.contains("startup failed"))
          .singleElement().asString().contains("HTTP_PORT must be an integer, got 'eighty'");
    }
  }

  @Test
  void unreachableDatabaseStopsTheStartInOneLine() throws Exception {
    try (JarProcess jar = JarProcess.start(Map.of("DATABASE_URL", "postgresql://u:p@127.0.0.1:" + JarProcess.freePort() + "/db",
        "JWT_SECRET", "s", "HTTP_PORT", Integer.toString(JarProcess.freePort())))) {
      assertThat(jar.awaitExit(START)).isNotZero();
      assertThat(jar.output()).filteredOn(line -> line.contains("startup failed")).singleElement().asString()
          .containsIgnoringCase("database");
    }
  }

  @Test
  void portInUseStopsTheStartInOneLine() throws Exception {
    String url = TestDatabase.server().createDatabase();
    try (ServerSocket taken = new ServerSocket(0);
         JarProcess jar = JarProcess.start(Map.of("DATABASE_URL", url, "JWT_SECRET", "s",
             "HTTP_PORT", Integer.toString(taken.getLocalPort())))) {
      assertThat(jar.awaitExit(START)).isNotZero();
      assertThat(jar.output()).filteredOn(line -> line.contains("startup failed")).singleElement().asString()
          .contains("already in use");
    }
  }
}
