package ai.squared.syncruns.auth;

import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.Deadline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;

/**
 * The platform's revocation on its own (JWT_CHECK_JTI): is the token's jti still the user's
 * {@code users.jti}? A request that passes validation has this checked inside its one statement;
 * this is for the requests that do not, so that a revoked token is a 401 before any 400, as the
 * contract's check order wants.
 */
public final class Revocation {
  private static final String STILL_CURRENT =
      "SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = $1::bigint AND u.jti = $2::text)";

  private final Vertx vertx;
  private final Database database;
  private final long boundMs;
  private final boolean checked;

  public Revocation(Vertx vertx, Database database, long boundMs, boolean checked) {
    this.vertx = vertx;
    this.database = database;
    this.boundMs = boundMs;
    this.checked = checked;
  }

  /** True when checking is on and the token is not (or no longer) the user's current one. */
  public Future<Boolean> revoked(Principal principal) {
    if (!checked) {
      return Future.succeededFuture(false);
    }
    if (principal.jti().isEmpty()) {
      return Future.succeededFuture(true);
    }
    Deadline deadline = Deadline.in(vertx, boundMs);
    return deadline.bound(database.reads(deadline)
            .execute(STILL_CURRENT, Tuple.of(principal.userId(), principal.jti().get()), 1))
        .map(rows -> !rows.iterator().next().getBoolean(0));
  }
}
