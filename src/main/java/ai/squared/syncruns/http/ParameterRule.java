package ai.squared.syncruns.http;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Parameter;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * One parameter of the contract: turns its raw text into a typed value and checks it against the
 * parameter's JSON schema from the contract, or says in one phrase what is wrong with it.
 */
final class ParameterRule {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

  private final Parameter parameter;
  private final Validator schema;
  private final String location;
  private final boolean integer;
  private final Object defaultValue;
  private final String expectation;

  ParameterRule(Parameter parameter, Validator schema) {
    this.parameter = parameter;
    this.schema = schema;
    this.location = parameter.getIn().name().toLowerCase();
    JsonSchema declared = parameter.getSchema();
    this.integer = "integer".equals(declared.get("type"));
    Object declaredDefault = declared.get("default");
    this.defaultValue = declaredDefault;
    this.expectation = describe(declared);
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
    Object value = raw;
    if (integer) {
      if (!INTEGER.matcher(raw).matches()) {
        return error(expectation);
      }
      try {
        long number = Long.parseLong(raw);
        // the contract's int32 format accepts only an Integer instance, int64 an Integer or a Long
        value = number == (int) number ? (Object) (int) number : (Object) number;
      } catch (NumberFormatException outOfRange) {
        return error(expectation);
      }
    }
    return schema.validate(value).getValid() ? value : error(expectation);
  }

  private ApiError.ParameterError error(String detail) {
    return new ApiError.ParameterError(parameter.getName(), location, detail);
  }

  private static String describe(JsonSchema schema) {
    Object allowed = schema.get("enum");
    if (allowed instanceof Iterable<?> values) {
      StringJoiner names = new StringJoiner(", ", "must be one of ", "");
      values.forEach(value -> names.add(String.valueOf(value)));
      return names.toString();
    }
    if ("integer".equals(schema.get("type"))) {
      return "must be an integer from " + schema.get("minimum") + " to " + schema.get("maximum");
    }
    return "must match the contract's schema";
  }
}
