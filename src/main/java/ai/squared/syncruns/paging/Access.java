package ai.squared.syncruns.paging;

import ai.squared.syncruns.http.ApiError;
import io.vertx.sqlclient.Row;

/**
 * What the access row says: each check of SPEC §3 and §6 (the token still the user's, the user a
 * member of the workspace, the sync visible in it, the run visible in the sync where a run is named;
 * else true), and the count when it was asked for and all checks passed (else null). Every
 * statement of the endpoints answers these first, in columns 1 to 5 of its first row.
 */
public record Access(boolean tokenLive, boolean member, boolean syncVisible, boolean runVisible, Long count) {
  /** Where the items' columns start in rows after the access row. */
  public static final int COLUMNS = 6;

  /** Reads columns 1..5 of an access row; column 0 marks it as one (it must come first). */
  public static Access of(Row row) {
    if (!row.getBoolean(0)) {
      throw new IllegalStateException("the first row is not the access row");
    }
    return new Access(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3), row.getBoolean(4), row.getLong(5));
  }

  /** The error this caller gets, in the contract's check order, or null when it may see the rows. */
  public ApiError refusal() {
    if (!tokenLive) {
      return ApiError.invalidToken();
    }
    if (!member) {
      return ApiError.forbidden();
    }
    if (!syncVisible) {
      return ApiError.syncNotFound();
    }
    if (!runVisible) {
      return ApiError.syncRunNotFound();
    }
    return null;
  }
}
