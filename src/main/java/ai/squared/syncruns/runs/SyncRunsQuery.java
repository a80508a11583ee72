package ai.squared.syncruns.runs;

import ai.squared.syncruns.auth.Principal;
import ai.squared.syncruns.http.ApiError;
import ai.squared.syncruns.http.ValidatedParameters;
import java.util.Optional;

/** One validated request for a page of runs, with the caller's identity. */
public record SyncRunsQuery(
    long userId,
    Optional<String> tokenJti,
    long workspaceId,
    long syncId,
    Optional<RunStatus> status,
    int page,
    int perPage) {

  /**
   * @param checkJti whether the token's jti must match {@code users.jti}; a token without one then
   *                 cannot match and is refused here
   */
  public static SyncRunsQuery of(ValidatedParameters parameters, Principal principal, boolean checkJti) {
    if (checkJti && principal.jti().isEmpty()) {
      throw ApiError.invalidToken();
    }
    return new SyncRunsQuery(
        principal.userId(),
        checkJti ? principal.jti() : Optional.empty(),
        parameters.getLong("Workspace-Id"),
        parameters.getLong("sync_id"),
        Optional.ofNullable(parameters.getString("status")).flatMap(RunStatus::fromApiName),
        parameters.getInt("page"),
        parameters.getInt("per_page"));
  }

  /** The status filter's code, -1 for none. */
  public int statusCode() {
    return status.map(RunStatus::code).orElse(-1);
  }

  /** Rows to skip; a long, since page × per_page can exceed an int. */
  public long offset() {
    return (long) (page - 1) * perPage;
  }
}
