package ai.squared.syncruns.runs;

import ai.squared.syncruns.http.ApiError;
import io.vertx.sqlclient.Row;

/**
 * What the access row says: each check of SPEC §3, and the count when it was asked for and all
 * checks passed (else null).
 */
record Access(boolean tokenLive, boolean member, boolean syncVisible, Long count) {

  /** Reads columns 1..4 of an access row; column 0 marks it as one (it must come first). */
  static Access of(Row row) {
    if (!row.getBoolean(0)) {
      throw new IllegalStateException("the first row is not the access row");
    }
    return new Access(row.getBoolean(1), row.getBoolean(2), row.getBoolean(3), row.getLong(4));
  }

  /** The error this caller gets, in SPEC's check order, or null when it may see the runs. */
  ApiError refusal() {
    if (!tokenLive) {
      return ApiError.invalidToken();
    }
    if (!member) {
      return ApiError.forbidden();
    }
    if (!syncVisible) {
      return ApiError.syncNotFound();
    }
    return null;
  }
}
