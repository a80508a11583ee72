package ai.squared.syncruns.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every parameter of an operation against the contract's schemas and reports all bad ones
 * at once (the router's own validator stops at the first, runs on a worker thread, and takes the
 * first of repeated values). Valid requests go on with {@link ValidatedParameters} in the context.
 */
public final class ContractValidationHandler implements Handler<RoutingContext> {
  private final List<ParameterRule> rules = new ArrayList<>();

  public ContractValidationHandler(OpenAPIContract contract, String operationId) {
    Operation operation = contract.operation(operationId);
    operation.getParameters().forEach(parameter -> rules.add(
        new ParameterRule(parameter, contract.getSchemaRepository().validator(parameter.getSchema()))));
  }

  @Override
  public void handle(RoutingContext rc) {
    Map<String, List<String>> query;
    try {
      query = queryOf(rc.request().uri());
    } catch (IllegalArgumentException undecodable) {
      rc.fail(ApiError.badRequest(List.of(new ApiError.ParameterError("query", "query",
          "the query string is not valid percent-encoded UTF-8"))));
      return;
    }
    Map<String, Object> values = new HashMap<>();
    List<ApiError.ParameterError> errors = new ArrayList<>(0);
    for (ParameterRule rule : rules) {
      Object checked = rule.check(rawValues(rc, query, rule));
      if (checked instanceof ApiError.ParameterError error) {
        errors.add(error);
      } else {
        values.put(rule.name(), checked);
      }
    }
    if (!errors.isEmpty()) {
      rc.fail(ApiError.badRequest(errors));
      return;
    }
    rc.put(ValidatedParameters.KEY, new ValidatedParameters(values));
    rc.next();
  }

  /**
   * The query's parameters by their exact names ({@code PAGE} is not {@code page}: Vert.x Web's own
   * map ignores case) and split on {@code &} alone ({@code page=2;per_page=3} is one bad value of
   * {@code page}, not two parameters, as Netty's decoder has it by default).
   */
  static Map<String, List<String>> queryOf(String uri) {
    return new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, Integer.MAX_VALUE, true).parameters();
  }

  private static List<String> rawValues(RoutingContext rc, Map<String, List<String>> query, ParameterRule rule) {
    return switch (rule.location()) {
      case "path" -> {
        String value = rc.pathParam(rule.name());
        yield value == null ? List.of() : List.of(value);
      }
      case "query" -> query.getOrDefault(rule.name(), List.of());
      case "header" -> rc.request().headers().getAll(rule.name());
      default -> throw new IllegalStateException("unsupported parameter location " + rule.location());
    };
  }
}
