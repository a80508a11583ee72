package ai.squared.syncruns.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged fat jar run as its own process, as a user runs it, with its output captured line by line. */
public final class JarProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target", "sync-runs-server.jar");

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private JarProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::readOutput, "jar-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -jar} with exactly the given environment additions (DATABASE_URL etc.). */
  public static JarProcess start(Map<String, String> environment) {
    return start(List.of(), environment);
  }

  /** The same, with these JVM options added. */
  public static JarProcess start(List<String> jvmOptions, Map<String, String> environment) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run 'mvn verify' (the jar is built in 'package')");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (String key : List.of("DATABASE_URL", "HTTP_PORT", "JWT_SECRET", "DB_MIGRATE", "EMBEDDED_DB_DIR")) {
      builder.environment().remove(key);
    }
    builder.environment().putAll(environment);
    try {
      return new JarProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  /** The first output line matching, waiting up to the timeout; fails with the whole output otherwise. */
  public String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (matching.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no matching line within " + timeout + "; output:\n" + String.join("\n", lines));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  public List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Sends SIGTERM, as an orchestrator would ({@code Process.destroy()} would also close our end of
   * the output pipe and lose the shutdown log).
   */
  public void terminate() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process still running after " + timeout + "; output:\n" + String.join("\n", output()));
    }
    reader.join(5_000);
    return process.exitValue();
  }

  /** SIGTERM, then the exit code within 30 s. */
  public int stop() throws IOException, InterruptedException {
    terminate();
    return awaitExit(Duration.ofSeconds(30));
  }

  /** {@code GET /api/v1/syncs/{syncId}/sync_runs} on the jar's port, as user 1 of workspace 1. */
  public static HttpResponse<String> getSyncRuns(int port, long syncId) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/v1/syncs/" + syncId + "/sync_runs"))
        .header("Authorization", "Bearer " + Tokens.forUser(1)).header("Workspace-Id", "1").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
