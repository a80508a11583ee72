package ai.squared.syncruns.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and hot standbys streaming from it, from the embedded PostgreSQL binaries, for
 * tests of read-replica routing. Each instance is a cluster of its own (not {@link TestDatabase}'s
 * server), so a test may pause, stop and promote things. The binaries have no pg_basebackup: a standby
 * starts from a low-level base backup, a file copy between pg_backup_start() and pg_backup_stop().
 */
public final class StreamingReplica implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger DATABASES = new AtomicInteger();
  /** Left out of a base backup, as the PostgreSQL docs on low-level backups say ("epg-lock" is zonky's). */
  private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
      "pg_internal.init");
  private static final Set<String> COPIED_EMPTY = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
      "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

  private final Path root;
  private final List<Standby> standbys = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = new Thread(this::close, "streaming-replica-closer");
  private volatile EmbeddedPostgres primary;

  private StreamingReplica(Path root) {
    this.root = root;
  }

  /** A new primary and one standby streaming from it, in step. */
  public static StreamingReplica start() {
    StreamingReplica pair;
    try {
      pair = new StreamingReplica(Files.createTempDirectory("streaming-replica"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(pair.shutdownHook);
    try {
      pair.primary = server(pair.root.resolve("primary"), freePort());
      pair.addStandby();
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
    return pair;
  }

  /** One more standby, from a new base backup of the primary, with a replication slot of its own. */
  public synchronized Standby addStandby() {
    String name = "standby" + (standbys.size() + 1);
    Path directory = root.resolve(name);
    try (Connection session = connect(primary.getPort()); Statement sql = session.createStatement()) {
      // the slot keeps the WAL from here on until this standby has streamed it
      sql.execute("SELECT pg_create_physical_replication_slot('" + name + "', true)");
      // non-exclusive: the backup lasts as long as this session, which must end it with pg_backup_stop
      sql.execute("SELECT pg_backup_start('" + name + "', true)");
      copy(root.resolve("primary"), directory);
      try (ResultSet stop = sql.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
        stop.next();
        Files.writeString(directory.resolve("backup_label"), stop.getString(1));
      }
      Files.writeString(directory.resolve("standby.signal"), "");
      Files.writeString(directory.resolve("postgresql.auto.conf"), String.format(
          "primary_conninfo = 'host=localhost port=%d user=postgres application_name=%s'%nprimary_slot_name = '%s'%n",
          primary.getPort(), name, name), StandardOpenOption.APPEND);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not take a base backup for " + name, e);
    }
    Standby standby = new Standby(name, directory, freePort());
    standbys.add(standby);
    standby.start();
    return standby;
  }

  /** The first standby, which the methods below address. */
  public Standby standby() {
    return standbys.get(0);
  }

  public String primaryUrl(String database) {
    return url(primary.getPort(), database);
  }

  public String standbyUrl(String database) {
    return standby().url(database);
  }

  /** A new database on the primary, once every running standby has it too; returns its name. */
  public String createDatabase() {
    String name = "replica_test_" + DATABASES.incrementAndGet();
    query(primary.getPort(), "CREATE DATABASE " + name);
    waitUntilCaughtUp();
    return name;
  }

  /** Waits until every running standby has replayed all the WAL the primary has written so far. */
  public void waitUntilCaughtUp() {
    waitForEveryStandby("pg_last_wal_replay_lsn()");
  }

  /** Waits until every running standby has received (replayed or not) all the WAL the primary has written so far. */
  public void waitUntilReceived() {
    waitForEveryStandby("pg_last_wal_receive_lsn()");
  }

  private void waitForEveryStandby(String standbyLsn) {
    String target = query(primary.getPort(), "SELECT pg_current_wal_lsn()");
    standbys.stream().filter(Standby::following).forEach(s -> s.waitFor(standbyLsn + " >= '" + target + "'"));
  }

  public void pauseReplay() {
    standby().pauseReplay();
  }

  public void resumeReplay() {
    standby().resumeReplay();
  }

  public void stopStandby() {
    standby().stop();
  }

  public void startStandby() {
    standby().start();
  }

  public void promoteStandby() {
    standby().promote();
  }

  /** Stops every server, standbys first, and deletes their directories. */
  @Override
  public synchronized void close() {
    standbys.forEach(Standby::stop);
    stop(primary);
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> {
        killLeftover(file);
        file.toFile().delete();
      });
    } catch (IOException e) {
      // already deleted
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // closing from the hook itself, as the JVM exits
    }
  }

  /** A hot standby; it keeps its port across a stop and a start. */
  public static final class Standby {
    private final String name;
    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;
    private boolean promoted;

    private Standby(String name, Path directory, int port) {
      this.name = name;
      this.directory = directory;
      this.port = port;
    }

    public String url(String database) {
      return StreamingReplica.url(port, database);
    }

    /** Returns once it accepts queries, that is once its copy is consistent. */
    public synchronized void start() {
      if (server == null) {
        server = server(directory, port);
      }
    }

    /** A fast shutdown: its connections end and new ones are refused. */
    public synchronized void stop() {
      StreamingReplica.stop(server);
      server = null;
    }

    public void pauseReplay() {
      query(port, "SELECT pg_wal_replay_pause()");
      waitFor("pg_get_wal_replay_pause_state() = 'paused'");
    }

    public void resumeReplay() {
      query(port, "SELECT pg_wal_replay_resume()");
    }

    /** Ends recovery: it becomes a primary of its own and follows the old one no more. */
    public synchronized void promote() {
      if (!"true".equals(query(port, "SELECT pg_promote(true, " + WAIT.toSeconds() + ")::text"))) {
        throw new IllegalStateException(name + " was not promoted within " + WAIT.toSeconds() + " s");
      }
      promoted = true;
    }

    private synchronized boolean following() {
      return server != null && !promoted;
    }

    private void waitFor(String condition) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      String last;
      do {
        try {
          last = query(port, "SELECT format('%s (received %s, replayed %s)', (" + condition
              + ")::text, pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())");
          if (last.startsWith("true")) {
            return;
          }
        } catch (IllegalStateException e) {
          last = e.getCause().getMessage();
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      } while (System.nanoTime() < deadline);
      throw new IllegalStateException(name + ": no " + condition + " within " + WAIT.toSeconds() + " s: " + last);
    }
  }

  private static EmbeddedPostgres server(Path directory, int port) {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false) // a standby starts from its copy; close() deletes every directory
          .setPort(port)
          .setRegisterShutdownHook(false) // the pair's hook stops them all
          .setPGStartupWait(WAIT)
          .setServerConfig("synchronous_commit", "on") // zonky's "off" holds a commit back from the standby
          .setServerConfig("wal_keep_size", "16MB")
          .setServerConfig("hot_standby", "on")
          .setServerConfig("hot_standby_feedback", "on")
          .setServerConfig("wal_receiver_status_interval", "1s")
          .setServerConfig("wal_retrieve_retry_interval", "100ms") // 5 s by default between attempts to stream
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start in " + directory + " on port " + port, e);
    }
  }

  private static void stop(EmbeddedPostgres server) {
    try {
      if (server != null) {
        server.close(); // pg_ctl stop -m fast
      }
    } catch (IOException e) {
      // zonky logs a failed stop itself
    }
  }

  /** A postmaster still running, such as one zonky started but gave up waiting for: it leaves it behind. */
  private static void killLeftover(Path file) {
    if (file.getFileName().toString().equals("postmaster.pid")) {
      try {
        ProcessHandle.of(Long.parseLong(Files.readAllLines(file).get(0).trim())).ifPresent(ProcessHandle::destroy);
      } catch (IOException | RuntimeException e) {
        // gone meanwhile
      }
    }
  }

  /** The copy of a running server's directory; replaying the WAL from the backup's start repairs it. */
  private static void copy(Path source, Path target) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
        // with its mode: PostgreSQL refuses a data directory others may read
        Files.copy(directory, target.resolve(source.relativize(directory)), StandardCopyOption.COPY_ATTRIBUTES);
        return COPIED_EMPTY.contains(directory.getFileName().toString())
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
        if (!SKIPPED_FILES.contains(file.getFileName().toString())) {
          try {
            Files.copy(file, target.resolve(source.relativize(file)));
          } catch (NoSuchFileException e) {
            // deleted meanwhile by the server
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
  }

  private static String url(int port, String database) {
    return "postgresql://postgres:postgres@localhost:" + port + "/" + database;
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
  }

  /** Runs the statement in the postgres database; returns the first column of the first row, as text. */
  private static String query(int port, String sql) {
    try (Connection connection = connect(port); Statement statement = connection.createStatement()) {
      if (!statement.execute(sql)) {
        return null;
      }
      try (ResultSet rows = statement.getResultSet()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("on port " + port + ": " + sql, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
