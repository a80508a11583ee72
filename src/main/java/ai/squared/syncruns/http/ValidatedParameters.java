package ai.squared.syncruns.http;

import java.util.Map;

/** The request's parameters after the contract's checks: typed values, defaults applied, by name. */
public record ValidatedParameters(Map<String, Object> values) {
  public static final String KEY = ValidatedParameters.class.getName();

  public long getLong(String name) {
    return ((Number) values.get(name)).longValue();
  }

  public int getInt(String name) {
    return Math.toIntExact(getLong(name));
  }

  /** Null when the parameter was not given and has no default. */
  public String getString(String name) {
    Object value = values.get(name);
    return value == null ? null : value.toString();
  }
}
