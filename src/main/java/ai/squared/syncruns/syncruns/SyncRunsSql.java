package ai.squared.syncruns.syncruns;

/**
 * The SQL of the endpoint. Parameters are cast to bigint so the same statements run against the
 * platform's integer foreign-key columns and the project's own schema (int4 = int8 comparisons
 * still use the int4 indexes).
 */
final class SyncRunsSql {

  /**
   * One round trip settles the token's revocation, membership, the sync's visibility and the count:
   * $1 user, $2 workspace, $3 sync, $4 token jti (null when revocation checking is off),
   * $5 status code (null for all). The count runs only when the caller may see the sync.
   */
  static final String ACCESS_AND_COUNT = """
      WITH access AS (
        SELECT ($4::text IS NULL
                  OR EXISTS (SELECT 1 FROM users u WHERE u.id = $1::bigint AND u.jti = $4::text)) AS token_live,
               EXISTS (SELECT 1 FROM workspace_users wu
                        WHERE wu.user_id = $1::bigint AND wu.workspace_id = $2::bigint) AS member,
               EXISTS (SELECT 1 FROM syncs s
                        WHERE s.id = $3::bigint AND s.workspace_id = $2::bigint
                          AND s.discarded_at IS NULL) AS sync_visible
      )
      SELECT token_live, member, sync_visible,
             CASE WHEN token_live AND member AND sync_visible THEN
               (SELECT count(*) FROM sync_runs r
                 WHERE r.sync_id = $3::bigint AND r.discarded_at IS NULL
                   AND ($5::int IS NULL OR r.status = $5::int))
             END AS total
        FROM access
      """;

  private static final String PAGE_COLUMNS = """
      SELECT id, sync_id, status, started_at, finished_at, total_query_rows, skipped_rows, total_rows,
             successful_rows, failed_rows, error, created_at, updated_at
        FROM sync_runs
      """;

  /** $1 sync, $2 limit, $3 offset. */
  static final String PAGE = PAGE_COLUMNS + """
       WHERE sync_id = $1::bigint AND discarded_at IS NULL
       ORDER BY created_at DESC, id DESC
       LIMIT $2::bigint OFFSET $3::bigint
      """;

  /** $1 sync, $2 limit, $3 offset, $4 status code. */
  static final String PAGE_WITH_STATUS = PAGE_COLUMNS + """
       WHERE sync_id = $1::bigint AND discarded_at IS NULL AND status = $4::int
       ORDER BY created_at DESC, id DESC
       LIMIT $2::bigint OFFSET $3::bigint
      """;

  private SyncRunsSql() {
  }
}
