package ai.squared.syncruns.paging;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.ValidatedParameters;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Who asks, and for which sync: what every endpoint's access check reads (SPEC §3). */
public record Caller(long userId, Optional<String> tokenJti, long workspaceId, long syncId) {

  /**
   * @param checkJti whether the token's jti must match {@code users.jti}; a token without one then
   *                 cannot match and is refused here
   */
  public static Caller of(ValidatedParameters parameters, Principal principal, boolean checkJti) {
    if (checkJti && principal.jti().isEmpty()) {
      throw ApiError.invalidToken();
    }
    return new Caller(principal.userId(), checkJti ? principal.jti() : Optional.empty(),
        parameters.getLong("Workspace-Id"), parameters.getLong("sync_id"));
  }

  /** :user, :workspace, :sync, :jti: the leading parameters of every statement ({@link PageSql}). */
  public Tuple accessParameters() {
    return Tuple.of(userId, workspaceId, syncId, tokenJti.orElse(null));
  }
}
