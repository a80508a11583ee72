package ai.squared.syncruns.runs;

import java.util.List;

/**
 * The SQL of the endpoint, written with named parameters ({@code :sync}) that {@link #numbered}
 * turns into PostgreSQL's {@code $n} in the order each statement's tuple gives them. Parameters are
 * cast to bigint so the same statements run against the platform's integer foreign-key columns and
 * the project's own schema (int4 = int8 comparisons still use the int4 indexes). Each statement
 * comes with and without the status filter, so each gets a plan on the matching index.
 */
final class SyncRunsSql {

  /** Revocation (:jti null = not checked), membership and the sync's visibility: three index probes. */
  private static final String ACCESS = """
      access AS (
        SELECT (:jti::text IS NULL
                  OR EXISTS (SELECT 1 FROM users u WHERE u.id = :user::bigint AND u.jti = :jti::text)) AS token_live,
               EXISTS (SELECT 1 FROM workspace_users wu
                        WHERE wu.user_id = :user::bigint AND wu.workspace_id = :workspace::bigint) AS member,
               EXISTS (SELECT 1 FROM syncs s
                        WHERE s.id = :sync::bigint AND s.workspace_id = :workspace::bigint
                          AND s.discarded_at IS NULL) AS sync_visible
      )""";

  /** The count, run only when :counting (no usable cached count) and only when access passed. */
  private static final String TOTAL = """
      CASE WHEN :counting::boolean AND token_live AND member AND sync_visible THEN
        (SELECT count(*) FROM sync_runs c
          WHERE c.sync_id = :sync::bigint AND c.discarded_at IS NULL /*status:c*/)
      END AS total""";

  private static final String RUN_COLUMNS = """
      SELECT r.id, r.sync_id, r.status, r.started_at, r.finished_at, r.total_query_rows, r.skipped_rows,
             r.total_rows, r.successful_rows, r.failed_rows, r.error, r.created_at, r.updated_at
        FROM sync_runs r
      """;

  /** The page's rows straight off the index in response order: cheapest while the offset is small. */
  private static final String PAGE_NEAR = RUN_COLUMNS + """
       WHERE r.sync_id = :sync::bigint AND r.discarded_at IS NULL /*status:r*/ /*access*/
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT :limit::bigint OFFSET :offset::bigint""";

  /**
   * The page's rows far from the start: their ids are found by an index-only scan in response
   * order, so the OFFSET skips index entries rather than table rows; then only those rows are read.
   */
  private static final String PAGE_DEEP = RUN_COLUMNS + """
       WHERE r.id IN (SELECT k.id FROM sync_runs k
                       WHERE k.sync_id = :sync::bigint AND k.discarded_at IS NULL /*status:k*/
                       ORDER BY k.created_at DESC, k.id DESC
                       LIMIT :limit::bigint OFFSET :offset::bigint) /*access*/""";

  /**
   * A deep page from a remembered position (the created_at and id of its first run, found by a
   * recent request for the same offset): a seek instead of skipping the offset's index entries.
   */
  private static final String PAGE_FROM = RUN_COLUMNS + """
       WHERE r.sync_id = :sync::bigint AND r.discarded_at IS NULL /*status:r*/
         AND (r.created_at, r.id) <= (:from_created_at::timestamp, :from_id::bigint) /*access*/
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT :limit::bigint""";

  /** The deep page needs its own order (an IN list has none). */
  private static final String PAGE_DEEP_ORDERED = PAGE_DEEP + "\n ORDER BY r.created_at DESC, r.id DESC";

  /** From this offset on, the deep form reads fewer pages than the near one. */
  static final long DEEP_OFFSET = 100;

  /**
   * A whole page in one statement (one execution for a small page, a cursor for a large one): the
   * first row is the access row (flags and count), the runs follow in response order. The page is
   * read only when access passed. There is no ORDER BY over the UNION ALL: sorting the page's rows
   * again cost 10-20 % of the database's time for a 100-run page (pgbench). PostgreSQL's Append returns its branches one after the other, each in
   * its own order; only a Parallel Append could interleave them, and the first branch reads a
   * materialized CTE, which is never parallel-safe. The handler still checks both facts on every
   * page ({@link Access#of}, {@link NewestFirst}), streamed or not, and fails loudly if they ever stop holding.
   */
  private static String accessAndPage(String page) {
    return "WITH " + ACCESS + ",\npage AS ("
        + page.replace("/*access*/", "AND (SELECT token_live AND member AND sync_visible FROM access)") + ")\n"
        + "SELECT true AS is_access, token_live, member, sync_visible, " + TOTAL + ","
        + """

               NULL::bigint AS id, NULL::integer AS sync_id, NULL::integer AS status,
               NULL::timestamp AS started_at, NULL::timestamp AS finished_at, NULL::integer AS total_query_rows,
               NULL::integer AS skipped_rows, NULL::integer AS total_rows, NULL::integer AS successful_rows,
               NULL::integer AS failed_rows, NULL::text AS error, NULL::timestamp AS created_at,
               NULL::timestamp AS updated_at
          FROM access
        UNION ALL
        SELECT false, NULL, NULL, NULL, NULL, id, sync_id, status, started_at, finished_at, total_query_rows,
               skipped_rows, total_rows, successful_rows, failed_rows, error, created_at, updated_at
          FROM page""";
  }

  /** The count alone, when a count remembered from an earlier page contradicts this one. */
  private static final String COUNT = """
      SELECT count(*) AS total FROM sync_runs c
       WHERE c.sync_id = :sync::bigint AND c.discarded_at IS NULL /*status:c*/""";

  /** Where a run's columns start in one-page rows; rows of the page alone start at 0. */
  static final int RUN_COLUMNS_IN_ONE_PAGE = 5;

  static final List<String> ONE_PAGE_PARAMETERS =
      List.of("user", "workspace", "sync", "jti", "counting", "limit", "offset", "status");
  static final List<String> ONE_PAGE_FROM_PARAMETERS =
      List.of("user", "workspace", "sync", "jti", "counting", "limit", "from_created_at", "from_id", "status");
  static final List<String> COUNT_PARAMETERS = List.of("sync", "status");

  static final Statement ONE_PAGE_NEAR = new Statement(accessAndPage(PAGE_NEAR), ONE_PAGE_PARAMETERS);
  static final Statement ONE_PAGE_DEEP = new Statement(accessAndPage(PAGE_DEEP_ORDERED), ONE_PAGE_PARAMETERS);
  static final Statement ONE_PAGE_FROM = new Statement(accessAndPage(PAGE_FROM), ONE_PAGE_FROM_PARAMETERS);
  static final Statement COUNT_ONLY = new Statement(COUNT, COUNT_PARAMETERS);

  private SyncRunsSql() {
  }

  /** A statement in its two variants; parameters go in the order of its list, :status last. */
  record Statement(String all, String byStatus) {
    Statement(String template, List<String> parameters) {
      this(numbered(unfiltered(template), parameters.subList(0, parameters.size() - 1)),
          numbered(filtered(template), parameters));
    }

    String sql(boolean withStatus) {
      return withStatus ? byStatus : all;
    }
  }

  private static String unfiltered(String template) {
    return template.replace("/*status:c*/", "").replace("/*status:k*/", "").replace("/*status:r*/", "")
        .replace("/*access*/", "");
  }

  private static String filtered(String template) {
    return template.replace("/*status:c*/", "AND c.status = :status::int")
        .replace("/*status:k*/", "AND k.status = :status::int")
        .replace("/*status:r*/", "AND r.status = :status::int")
        .replace("/*access*/", "");
  }

  static String numbered(String sql, List<String> parameters) {
    String numbered = sql;
    for (int i = 0; i < parameters.size(); i++) {
      numbered = numbered.replace(":" + parameters.get(i) + "::", "$" + (i + 1) + "::");
    }
    if (numbered.matches("(?s).*[^:]:[a-z_]+::.*")) {
      throw new IllegalStateException("a named parameter is left in: " + numbered);
    }
    return numbered;
  }
}
