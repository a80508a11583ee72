package ai.squared.syncruns.http;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One parameter of the contract: turns its raw text into a typed value and checks it against the
 * parameter's schema in the contract, or says in one phrase what is wrong with it. The schema
 * keywords this API uses ({@code type}, {@code format}, {@code minimum}, {@code maximum},
 * {@code enum}, {@code default}) are compiled into plain checks once, at start; a schema with any
 * other keyword is checked by the JSON Schema validator on each request (measured: that validator
 * was 18 % of the server's CPU per request).
 */
final class ParameterRule {
  /**
   * Leading zeros are not digits of the value ({@code page=00000000000000000001} is page 1); taken
   * possessively, so that a long bad value costs one pass, not one per zero.
   */
  private static final Pattern INTEGER = Pattern.compile("-?(?=[0-9])0*+[0-9]{0,19}");
  private static final Set<String> COMPILED_KEYWORDS =
      Set.of("type", "format", "minimum", "maximum", "enum", "default");

  private final Parameter parameter;
  private final Validator validator;
  private final String location;
  private final boolean integer;
  private final long minimum;
  private final long maximum;
  private final Set<String> allowed;
  private final boolean compiled;
  private final Object defaultValue;
  private final String expectation;

  ParameterRule(Parameter parameter, Validator validator) {
    JsonSchema schema = parameter.getSchema();
    this.parameter = parameter;
    this.validator = validator;
    this.location = parameter.getIn().name().toLowerCase();
    this.integer = "integer".equals(schema.get("type"));
    boolean int32 = "int32".equals(schema.get("format"));
    this.minimum = schema.get("minimum") instanceof Number min ? min.longValue()
        : int32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
    this.maximum = schema.get("maximum") instanceof Number max ? max.longValue()
        : int32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
    this.allowed = schema.get("enum") instanceof Iterable<?> values ? names(values) : null;
    this.compiled = COMPILED_KEYWORDS.containsAll(schema.fieldNames())
        && (integer || "string".equals(schema.get("type")));
    this.defaultValue = schema.get("default");
    this.expectation = allowed != null ? "must be one of " + String.join(", ", allowed)
        : integer ? "must be an integer from " + minimum + " to " + maximum
        : "must match the contract's schema";
  }

  String name() {
    return parameter.getName();
  }

  String location() {
    return location;
  }

  /** The value to use, or a {@link ApiError.ParameterError} saying why there is none. */
  Object check(List<String> rawValues) {
    if (rawValues.size() > 1) {
      return error("must be given once, got " + rawValues.size() + " values");
    }
    if (rawValues.isEmpty()) {
      return parameter.isRequired() ? error("is required and " + expectation) : defaultValue;
    }
    String raw = rawValues.get(0);
    Object value = integer ? parseInteger(raw) : raw;
    if (value == null) {
      return error(expectation);
    }
    return valid(value) ? value : error(expectation);
  }

  private boolean valid(Object value) {
    if (!compiled) {
      return validator.validate(value).getValid();
    }
    if (integer) {
      long number = ((Number) value).longValue();
      return number >= minimum && number <= maximum;
    }
    return allowed == null || allowed.contains(value);
  }

  /** An Integer when it fits (the contract's int32 format wants one), a Long otherwise, null when not an integer. */
  private static Object parseInteger(String raw) {
    if (!INTEGER.matcher(raw).matches()) {
      return null;
    }
    try {
      long number = Long.parseLong(raw);
      return number == (int) number ? (Object) (int) number : (Object) number;
    } catch (NumberFormatException outOfRange) {
      return null;
    }
  }

  private ApiError.ParameterError error(String detail) {
    return new ApiError.ParameterError(parameter.getName(), location, detail);
  }

  private static Set<String> names(Iterable<?> values) {
    Set<String> names = new LinkedHashSet<>();
    values.forEach(value -> names.add(String.valueOf(value)));
    return names;
  }
}
