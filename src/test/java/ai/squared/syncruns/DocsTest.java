package ai.squared.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The documentation stays true to the repository: every setting is documented, every relative link
 * resolves (to a file, and to a heading when it names one), the README stays short and still shows
 * the command CI runs. Reads files only; needs no database.
 */
class DocsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final long README_MAX_BYTES = 14_000;

  /** {@code [text](target)} or {@code ![alt](target)}, with an optional title; text may hold code spans. */
  private static final Pattern INLINE_LINK =
      Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  /** A reference definition: {@code [label]: target}. */
  private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
  private static final Pattern ATX_HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  @Test
  void everySettingOfTheConfigurationFileIsDocumented() throws IOException {
    Set<String> keys;
    try (Reader yaml = Files.newBufferedReader(ROOT.resolve("config/application.yaml"))) {
      Map<String, Object> settings = new Yaml().load(yaml);
      keys = settings.keySet();
    }
    String reference = read(ROOT.resolve("docs/configuration.md"));
    List<String> missing = keys.stream().filter(key -> !reference.contains("`" + key + "`")).toList();

    assertThat(keys).as("keys read from config/application.yaml").isNotEmpty();
    assertThat(missing)
        .as("keys of config/application.yaml with no `KEY` code span in docs/configuration.md")
        .isEmpty();
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : documents()) {
      for (Link link : links(document)) {
        checked++;
        String problem = problem(document, link.target());
        if (problem != null) {
          broken.add(ROOT.relativize(document) + ":" + link.line() + ": (" + link.target() + ") " + problem);
        }
      }
    }

    assertThat(checked).as("relative links found in the docs").isPositive();
    assertThat(broken).as("relative links that point at nothing").isEmpty();
  }

  @Test
  void theReadmeStaysShort() throws IOException {
    long size = Files.size(ROOT.resolve("README.md"));
    assertThat(size).as("README.md is %d bytes; at most %d: move reference material to docs/", size,
        README_MAX_BYTES).isLessThanOrEqualTo(README_MAX_BYTES);
  }

  @Test
  void theReadmeShowsTheCommandsCiAndUsersRun() throws IOException {
    String readme = read(ROOT.resolve("README.md"));
    List<String> commands = new ArrayList<>(read(ROOT.resolve(".ci/run")).lines().map(String::trim)
        .filter(line -> line.startsWith("mvn -B ")).toList());
    assertThat(commands).as("the build command(s) of .ci/run (lines starting with 'mvn -B ')").isNotEmpty();
    commands.add("mvn -B -DskipTests package && java -jar target/sync-runs-server.jar");
    List<String> missing = commands.stream().filter(command -> !readme.contains(command)).toList();

    assertThat(missing).as("commands (of .ci/run, and the start) that README.md no longer shows").isEmpty();
  }

  /** The slug GitHub gives a heading (lowercase, spaces to hyphens, other punctuation dropped). */
  @Test
  void slugsFollowGitHub() {
    assertThat(slug("Caches, and what they trade")).isEqualTo("caches-and-what-they-trade");
    assertThat(slug("S5 @ 64's tail")).isEqualTo("s5--64s-tail");
    assertThat(slug("The vendored `PgDecoder`")).isEqualTo("the-vendored-pgdecoder");
    assertThat(slug("[Links](x.md) and *emphasis*_here")).isEqualTo("links-and-emphasis_here");
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CONTRIBUTING.md"),
        ROOT.resolve("bench/README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  private record Link(int line, String target) {
  }

  /** Links outside fenced code blocks and code spans. */
  private static List<Link> links(Path document) throws IOException {
    List<Link> links = new ArrayList<>();
    List<String> lines = read(document).lines().toList();
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher definition = REFERENCE_DEFINITION.matcher(line);
      if (definition.matches()) {
        links.add(new Link(i + 1, definition.group(1)));
        continue;
      }
      Matcher inline = INLINE_LINK.matcher(withoutCodeSpans(line));
      while (inline.find()) {
        links.add(new Link(i + 1, inline.group(1)));
      }
    }
    return links;
  }

  /**
   * Code spans masked, so that a link written inside one ({@code `[a](b)`}) is not taken for a link;
   * a code span as a link's text ({@code [`a`](b)}) still leaves a link.
   */
  private static String withoutCodeSpans(String line) {
    return CODE_SPAN.matcher(line).replaceAll(span -> "x".repeat(span.group().length()));
  }

  /** Null when the target resolves; else what is wrong with it. External links are not checked. */
  private static String problem(Path document, String target) throws IOException {
    if (SCHEME.matcher(target).find() || target.startsWith("//")) {
      return null;
    }
    int hash = target.indexOf('#');
    String file = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
    if (!resolved.startsWith(ROOT)) {
      return "leaves the repository";
    }
    if (!Files.exists(resolved)) {
      return "no such file or directory: " + ROOT.relativize(resolved);
    }
    if (anchor == null || !resolved.toString().endsWith(".md")) {
      return null;
    }
    Set<String> anchors = anchors(resolved);
    String wanted = URLDecoder.decode(anchor, StandardCharsets.UTF_8).toLowerCase();
    return anchors.contains(wanted) ? null
        : "no heading with anchor #" + anchor + " in " + ROOT.relativize(resolved) + " (anchors: " + anchors + ")";
  }

  /** The anchors GitHub makes for a Markdown file's headings, duplicates numbered -1, -2, …. */
  private static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : read(markdown).lines().toList()) {
      if (FENCE.matcher(line).find()) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = ATX_HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String slug = slug(heading.group(1));
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }

  static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase()
        .replaceAll("[^\\p{L}\\p{N}\\p{Mn}\\p{Pc} -]", "")
        .replace(' ', '-');
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }
}
