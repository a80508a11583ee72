package ai.squared.syncruns.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads typed settings out of the merged configuration, naming the key in every error. */
final class ConfigValues {
  private final JsonObject raw;

  ConfigValues(JsonObject raw) {
    this.raw = raw;
  }

  Optional<String> optionalString(String key) {
    Object value = raw.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    String text = String.valueOf(value).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  String string(String key) {
    return optionalString(key).orElseThrow(() -> new ConfigException(key, "must be set"));
  }

  /** One of {@code allowed}, compared without regard to case, returned as listed there. */
  String oneOf(String key, List<String> allowed) {
    String value = string(key);
    return allowed.stream().filter(value::equalsIgnoreCase).findFirst().orElseThrow(() ->
        new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'"));
  }

  int integer(String key, long min, long max) {
    return integer(key, string(key), min, max);
  }

  /** Empty when the key is unset or blank. */
  OptionalInt optionalInteger(String key, long min, long max) {
    Optional<String> text = optionalString(key);
    return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(integer(key, text.get(), min, max));
  }

  private static int integer(String key, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be an integer, got '" + text + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }

  boolean bool(String key) {
    String text = string(key).toLowerCase();
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, "must be true or false, got '" + text + "'");
    };
  }

  /** An absolute URL path such as {@code /metrics}. */
  String path(String key) {
    String text = string(key);
    if (!text.startsWith("/") || text.contains("?") || text.contains("#") || text.contains(" ")) {
      throw new ConfigException(key, "must be a path starting with '/', got '" + text + "'");
    }
    return text;
  }

  /** An absolute http(s) URL without query or fragment; a trailing slash is dropped. */
  Optional<String> httpUrl(String key) {
    Optional<String> value = optionalString(key);
    value.ifPresent(text -> {
      try {
        URI uri = new URI(text);
        boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!web || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
          throw new ConfigException(key, "must be an absolute http(s) URL without query, got '" + text + "'");
        }
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(key, "must be an absolute http(s) URL, got '" + text + "'");
      }
    });
    return value.map(ConfigValues::linkBase);
  }

  /**
   * The scheme in lower case (RFC 3986 3.1), and no trailing slash, nor the colon of an empty port
   * ({@code https://api.example.com:/}): links append {@code /api/…}.
   */
  private static String linkBase(String url) {
    int colon = url.indexOf(':');
    String base = url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
    int end = base.length();
    while (end > 0 && base.charAt(end - 1) == '/') {
      end--;
    }
    String trimmed = base.substring(0, end);
    boolean noPath = trimmed.indexOf('/', trimmed.indexOf("//") + 2) < 0;
    return noPath && trimmed.endsWith(":") ? trimmed.substring(0, end - 1) : trimmed;
  }

  Optional<String> databaseUrl(String key) {
    Optional<String> value = optionalString(key);
    value.ifPresent(text -> requireDatabaseUrl(key, text));
    return value;
  }

  /** Comma-separated database URLs; empty when unset. */
  List<String> databaseUrls(String key) {
    return optionalString(key).map(text -> Arrays.stream(text.split(",")).map(String::trim)
        .filter(url -> !url.isEmpty()).peek(url -> requireDatabaseUrl(key, url)).toList()).orElse(List.of());
  }

  private static void requireDatabaseUrl(String key, String url) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException(key, "must look like postgresql://user:password@host:port/database");
    }
  }
}
