package ai.squared.syncruns.http;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.auth.Revocation;
import ai.squared.syncruns.db.DatabaseFailures;
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
  private final Revocation revocation;

  /** @param revocation asked before a 400 is answered: a revoked token is a 401 first */
  public ContractValidationHandler(OpenAPIContract contract, String operationId, Revocation revocation) {
    this.revocation = revocation;
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
      refuse(rc, ApiError.badRequest(List.of(new ApiError.ParameterError("query", "query",
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
      refuse(rc, ApiError.badRequest(errors));
      return;
    }
    rc.put(ValidatedParameters.KEY, new ValidatedParameters(values));
    rc.next();
  }

  /** The 400, unless the token turns out to be revoked (a 401 comes first), or that cannot be told (503). */
  private void refuse(RoutingContext rc, ApiError badRequest) {
    revocation.revoked(rc.get(Principal.KEY)).onComplete(revoked -> {
      if (revoked.failed()) {
        DatabaseFailures.classify(revoked.cause()).onFailure(rc::fail);
      } else {
        rc.fail(revoked.result() ? ApiError.invalidToken() : badRequest);
      }
    });
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
