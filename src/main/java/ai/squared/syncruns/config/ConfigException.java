package ai.squared.syncruns.config;

/** A setting that cannot be used; the message names the key and the reason. */
public class ConfigException extends RuntimeException {
  public ConfigException(String key, String reason) {
    super("invalid configuration: " + key + " " + reason);
  }
}
