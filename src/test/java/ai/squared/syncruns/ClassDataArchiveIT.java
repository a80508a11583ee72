package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.db.DatabaseUrl;
import ai.squared.syncruns.db.Migrations;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.JarProcess;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the build makes from the committed class list (src/main/cds): started with
 * it, as docs/operations.md recommends, the jar takes nearly all of its classes from the archive instead of
 * reading and verifying them. This fails when the build made no archive, when the JVM rejects it, or
 * when the list no longer covers what a start loads (then run src/main/cds/refresh-classlist.sh).
 * The same log shows that the start never initialises JFR (see {@link Main}).
 */
class ClassDataArchiveIT {
  private static final Path ARCHIVE = Path.of("target", "sync-runs-server.jsa");
  private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (.+)$");
  private static final double MIN_SHARE_FROM_ARCHIVE = 0.95;

  @Test
  void aStartOnAnExistingDatabaseTakesTheJarsClassesFromTheArchive(@TempDir Path directory) throws Exception {
    assertThat(ARCHIVE).exists();
    String url = TestDatabase.server().createDatabase();
    Migrations.apply(DatabaseUrl.parse(url));
    try (Fixtures fixtures = new Fixtures(url)) {
      fixtures.user(1, null).workspace(1).member(1, 1).sync(42, 1);
    }
    Path classLog = directory.resolve("classes.log");
    int port = JarProcess.freePort();
    try (JarProcess jar = JarProcess.start(
        List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:class+load=info:file=" + classLog),
        Map.of("DATABASE_URL", url, "HTTP_PORT", Integer.toString(port), "JWT_SECRET", Tokens.SECRET))) {
      jar.awaitLine(line -> line.contains("listening on"), Duration.ofSeconds(60));
      assertThat(JarProcess.getSyncRuns(port, 42).statusCode()).isEqualTo(200);
      assertThat(jar.stop()).isZero();
    }

    List<String> loadedClasses = Files.readAllLines(classLog);
    // Main turns Netty's JFR events off: registering them starts JFR's metadata (~0.1 s of a start)
    assertThat(loadedClasses).as("JFR's metadata repository is never started")
        .noneMatch(line -> line.contains(" jdk.jfr.internal.MetadataRepository "));
    long fromArchive = 0;
    long fromJar = 0;
    for (String line : loadedClasses) {
      Matcher loaded = LOADED.matcher(line);
      if (!loaded.find() || !isJarPackage(loaded.group(1))) {
        continue;
      }
      if (loaded.group(2).equals("shared objects file")) {
        fromArchive++;
      } else if (loaded.group(2).startsWith("file:") || loaded.group(2).startsWith("jar:")) {
        fromJar++;
      }
    }
    assertThat(fromArchive + fromJar).as("classes of the jar loaded").isGreaterThan(1_000);
    assertThat((double) fromArchive / (fromArchive + fromJar))
        .as("share of the jar's classes taken from the archive (%d of %d)", fromArchive, fromArchive + fromJar)
        .isGreaterThanOrEqualTo(MIN_SHARE_FROM_ARCHIVE);
  }

  @Test
  void anArchiveTheJvmCannotUseIsNamedAtStart(@TempDir Path directory) throws Exception {
    Path missing = directory.resolve("missing.jsa"); // as silently refused as one made for another jar
    String url = TestDatabase.server().createDatabase();
    try (JarProcess jar = JarProcess.start(List.of("-XX:SharedArchiveFile=" + missing),
        Map.of("DATABASE_URL", url, "HTTP_PORT", Integer.toString(JarProcess.freePort()), "JWT_SECRET", Tokens.SECRET))) {
      jar.awaitLine(line -> line.contains("listening on"), Duration.ofSeconds(60));
      assertThat(jar.output()).anyMatch(line -> line.contains("WARN")
          && line.contains("the class-data archive " + missing + " does not match"));
      assertThat(jar.stop()).isZero();
    }
  }

  /** Classes of the jar, not of the JDK, and not generated at run time (lambdas, proxies). */
  private static boolean isJarPackage(String className) {
    return !className.contains("$$Lambda") && !className.startsWith("java.") && !className.startsWith("javax.")
        && !className.startsWith("jdk.") && !className.startsWith("sun.") && !className.startsWith("com.sun.");
  }
}
