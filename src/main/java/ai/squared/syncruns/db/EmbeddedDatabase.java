package ai.squared.syncruns.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server started from the binaries packaged with the jar, for the out-of-the-box demo
 * and for development. Its data stays in a per-user directory, so a restart keeps it.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /** The archive of the PostgreSQL binaries, as zonky's binaries jar packages it. */
  private static final String BINARIES = "postgres-linux-x86_64.txz";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Blocking: starts (and on the first run initialises) the server. */
  public static EmbeddedDatabase start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false);
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedDatabase(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDirectory, e);
    }
  }

  /**
   * False in a jar built with {@code -Pproduction}, which leaves the binaries out. Checked before
   * anything touches {@link EmbeddedPostgres}, whose classes are then missing too.
   */
  public static boolean isPackaged() {
    return EmbeddedDatabase.class.getClassLoader().getResource(BINARIES) != null;
  }

  public static Path defaultDataDirectory() {
    return Path.of(System.getProperty("user.home"), ".sync-runs-server", "pgdata");
  }

  public String url() {
    return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
