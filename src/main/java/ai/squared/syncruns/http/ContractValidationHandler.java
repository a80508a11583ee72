package ai.squared.syncruns.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
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
    Map<String, Object> values = new HashMap<>();
    List<ApiError.ParameterError> errors = new ArrayList<>(0);
    for (ParameterRule rule : rules) {
      Object checked = rule.check(rawValues(rc, rule));
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

  private static List<String> rawValues(RoutingContext rc, ParameterRule rule) {
    return switch (rule.location()) {
      case "path" -> {
        String value = rc.pathParam(rule.name());
        yield value == null ? List.of() : List.of(value);
      }
      case "query" -> rc.queryParams().getAll(rule.name());
      case "header" -> rc.request().headers().getAll(rule.name());
      default -> throw new IllegalStateException("unsupported parameter location " + rule.location());
    };
  }
}
