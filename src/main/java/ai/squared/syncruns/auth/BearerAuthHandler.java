package ai.squared.syncruns.auth;

import ai.squared.syncruns.http.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's {@code bearerAuth} scheme: {@code Authorization: Bearer <JWT>}, else a 401. Runs
 * before parameter validation, as SPEC's check order wants. The JTI check against
 * {@code users.jti} is folded into the endpoint's access query, not done here.
 */
public final class BearerAuthHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthHandler.class);
  private static final String SCHEME = "bearer ";
  private final JwtVerifier verifier;

  public BearerAuthHandler(JwtVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(RoutingContext rc) {
    List<String> given = rc.request().headers().getAll(HttpHeaders.AUTHORIZATION);
    if (given.size() > 1) {
      rc.fail(ApiError.invalidToken()); // two credentials (a proxy adding its own?): neither is taken
      return;
    }
    String authorization = given.isEmpty() ? null : given.get(0);
    if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      rc.fail(ApiError.missingToken());
      return;
    }
    String token = authorization.substring(SCHEME.length()).trim();
    if (token.isEmpty()) {
      rc.fail(ApiError.missingToken());
      return;
    }
    verifier.verify(token).onComplete(verified -> {
      if (verified.succeeded()) {
        rc.put(Principal.KEY, verified.result());
        rc.next();
      } else {
        LOG.debug("token refused: {}", verified.cause().getMessage());
        rc.fail(ApiError.invalidToken());
      }
    });
  }
}
