package ai.squared.syncruns.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * One versioned migration packaged under {@code db/migration}, described as Flyway records it in
 * {@code flyway_schema_history}: version, description, script name and checksum (Flyway's: a CRC32
 * of the script's lines, without line breaks or byte-order mark, in UTF-8).
 */
public record MigrationScript(String version, String description, String script, int checksum) {
  static final String LOCATION = "db/migration";
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*?)__([^/]+)\\.sql");
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * The packaged scripts; empty when the location holds anything this reading does not cover the way
   * Flyway would (another kind of file, a nested folder, an unknown kind of class path): Flyway decides then.
   * Blocking: it reads the jar.
   */
  public static Optional<List<MigrationScript>> packaged() {
    URL location = MigrationScript.class.getClassLoader().getResource(LOCATION);
    if (location == null) {
      return Optional.empty();
    }
    try {
      return switch (location.getProtocol()) {
        case "jar" -> fromJar(location);
        case "file" -> fromDirectory(Path.of(location.toURI()));
        default -> Optional.empty();
      };
    } catch (IOException | URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Optional<List<MigrationScript>> fromJar(URL location) throws IOException {
    JarURLConnection connection = (JarURLConnection) location.openConnection();
    connection.setUseCaches(false); // a JarFile of our own, closed below without touching a shared one
    String prefix = LOCATION + "/";
    List<MigrationScript> scripts = new ArrayList<>();
    try (JarFile jar = connection.getJarFile()) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
          continue;
        }
        try (InputStream content = jar.getInputStream(entry)) {
          Optional<MigrationScript> script = read(entry.getName().substring(prefix.length()), content);
          if (script.isEmpty()) {
            return Optional.empty();
          }
          scripts.add(script.get());
        }
      }
    }
    return Optional.of(scripts);
  }

  private static Optional<List<MigrationScript>> fromDirectory(Path directory) throws IOException {
    List<MigrationScript> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isDirectory(file)) {
          return Optional.empty();
        }
        try (InputStream content = Files.newInputStream(file)) {
          Optional<MigrationScript> script = read(file.getFileName().toString(), content);
          if (script.isEmpty()) {
            return Optional.empty();
          }
          scripts.add(script.get());
        }
      }
    }
    return Optional.of(scripts);
  }

  private static Optional<MigrationScript> read(String name, InputStream content) throws IOException {
    Matcher versioned = VERSIONED.matcher(name);
    if (!versioned.matches()) {
      return Optional.empty();
    }
    String version = versioned.group(1).replace('_', '.');
    String description = versioned.group(2).replace('_', ' ');
    return Optional.of(new MigrationScript(version, description, name, checksum(content)));
  }

  private static int checksum(InputStream content) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String text = !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
      crc.update(text.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }
}
