package ai.squared.syncruns.support;

import ai.squared.syncruns.db.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PgBouncer (the Debian package's binary) in front of a test database, on a free port of
 * 127.0.0.1, its files in a temporary directory. Like a production pooler it checks the client's
 * password itself (auth_type scram-sha-256, against the auth_file), then logs in to the database with
 * the auth_file's password. That password is kept in plain text: only then can PgBouncer answer
 * whatever the database asks (trust, md5 or scram), where an md5 hash or a SCRAM secret would each
 * answer only some. A shutdown hook kills it if the JVM exits before {@link #close()}.
 */
public final class PgBouncer implements AutoCloseable {
  private final DatabaseUrl target;
  private final Path dir;
  private final int port;
  private final Thread reaper = new Thread(this::stop, "pgbouncer-reaper");
  private Process process;

  private PgBouncer(DatabaseUrl target) {
    Objects.requireNonNull(target.password(), "PgBouncer checks the client's password: the URL needs one");
    this.target = target;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      this.port = free.getLocalPort();
      this.dir = Files.createTempDirectory("pgbouncer",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running PgBouncer in front of the database at {@code databaseUrl}; poolMode "session" or "transaction". */
  public static PgBouncer start(String databaseUrl, String poolMode) {
    return start(databaseUrl, poolMode, Map.of());
  }

  /** As {@link #start(String, String)}, with {@code settings} added to (or replacing) the usual ones. */
  public static PgBouncer start(String databaseUrl, String poolMode, Map<String, String> settings) {
    PgBouncer pgBouncer = new PgBouncer(DatabaseUrl.parse(databaseUrl));
    Runtime.getRuntime().addShutdownHook(pgBouncer.reaper);
    try {
      pgBouncer.writeFiles(poolMode, settings);
      pgBouncer.restart();
      return pgBouncer;
    } catch (RuntimeException e) {
      pgBouncer.close();
      throw e;
    }
  }

  /** The database's URL through the pooler: same user, password and database name. */
  public String url() {
    return "postgresql://" + target.user() + ":" + target.password() + "@127.0.0.1:" + port + "/" + target.database();
  }

  /** Its admin console: SHOW POOLS, SHOW CLIENTS, SHOW SERVERS... (simple queries only). */
  public String adminUrl() {
    return "postgresql://" + target.user() + ":" + target.password() + "@127.0.0.1:" + port + "/pgbouncer";
  }

  /** The pooler is gone (killed): its connections are cut and new ones are refused. */
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      try {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops it if it runs, starts it again on the same port, and returns once it accepts connections. */
  public synchronized void restart() {
    stop();
    List<String> command = new ArrayList<>();
    if (ProcessHandle.current().info().user().filter("root"::equals).isPresent()) {
      // PgBouncer refuses to run as root. setpriv execs it, so the process held here is PgBouncer itself
      command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    command.addAll(List.of(binary(), dir.resolve("pgbouncer.ini").toString()));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pgbouncer.log").toFile())).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!accepts()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          stop();
          throw new IllegalStateException("PgBouncer did not come up (listening) within 10 s:\n" + log());
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while PgBouncer started", e);
    }
  }

  /** What it has logged so far, across restarts. */
  public String log() {
    try {
      return Files.readString(dir.resolve("pgbouncer.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind
    }
  }

  private void writeFiles(String poolMode, Map<String, String> settings) {
    // The last three: a database that refuses logins or cannot be reached fails the client within
    // about a second, where by default a client waits up to 120 s and a refused login is retried
    // every 15 s only. The price: a client that waits over 1 s for a busy pool is disconnected too.
    StringBuilder ini = new StringBuilder("""
        [databases]
        %s = host=%s port=%d dbname=%s
        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = %d
        ; TCP only: a killed PgBouncer leaves no socket file behind
        unix_socket_dir =
        auth_type = scram-sha-256
        auth_file = %s
        admin_users = %s
        pool_mode = %s
        default_pool_size = 20
        max_client_conn = 500
        ignore_startup_parameters = extra_float_digits
        server_reset_query = DISCARD ALL
        server_connect_timeout = 1
        server_login_retry = 0.2
        query_wait_timeout = 1
        """.formatted(target.database(), target.host(), target.port(), target.database(), port,
        dir.resolve("userlist.txt"), target.user(), poolMode));
    settings.forEach((key, value) -> ini.append(key).append(" = ").append(value).append('\n')); // last one wins
    write("pgbouncer.ini", ini.toString());
    write("userlist.txt", quoted(target.user()) + " " + quoted(target.password()) + "\n");
  }

  private void write(String name, String text) {
    try {
      Files.setPosixFilePermissions(Files.writeString(dir.resolve(name), text),
          PosixFilePermissions.fromString("rw-r--r--")); // readable by the unprivileged user, whatever the umask
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String text) {
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  private boolean accepts() {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static String binary() {
    return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
        .map(directory -> Path.of(directory, "pgbouncer")).filter(Files::isExecutable).findFirst()
        .map(Path::toString).orElseThrow(() -> new IllegalStateException("this test needs a real PgBouncer and "
            + "there is no pgbouncer on the PATH nor in /usr/sbin: install it (Debian, Ubuntu: "
            + "apt-get install pgbouncer)"));
  }
}
