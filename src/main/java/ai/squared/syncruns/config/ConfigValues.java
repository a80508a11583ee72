package ai.squared.syncruns.config;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;

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

  int integer(String key, long min, long max) {
    String text = string(key);
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

  Optional<String> baseUrl(String key) {
    Optional<String> value = optionalString(key);
    value.ifPresent(text -> {
      try {
        URI uri = new URI(text);
        boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!web || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
          throw new ConfigException(key, "must be an absolute http(s) URL without query, got '" + text + "'");
        }
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(key, "must be an absolute http(s) URL, got '" + text + "'");
      }
    });
    return value.map(text -> text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  Optional<String> databaseUrl(String key) {
    Optional<String> value = optionalString(key);
    value.ifPresent(text -> {
      if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
        throw new ConfigException(key, "must look like postgresql://user:password@host:port/database");
      }
    });
    return value;
  }
}
