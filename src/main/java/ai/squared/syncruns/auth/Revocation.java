package ai.squared.syncruns.auth;

import ai.squared.syncruns.db.ReplyDeadline;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
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

  private final SqlClient database;
  private final ReplyDeadline deadline;
  private final boolean checked;

  public Revocation(SqlClient database, ReplyDeadline deadline, boolean checked) {
    this.database = database;
    this.deadline = deadline;
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
    return deadline.bound(database.preparedQuery(STILL_CURRENT)
            .execute(Tuple.of(principal.userId(), principal.jti().get())))
        .map(rows -> !rows.iterator().next().getBoolean(0));
  }
}
