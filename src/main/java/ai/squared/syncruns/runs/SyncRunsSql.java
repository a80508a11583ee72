package ai.squared.syncruns.runs;

import ai.squared.syncruns.paging.PageSql;
import ai.squared.syncruns.paging.PageSql.Statement;
import java.util.List;

/**
 * The SQL of the runs' endpoints, in the shape of {@link PageSql}: a page of a sync's runs (near the
 * start, far from it, or from a remembered position), one run, and the count alone.
 */
final class SyncRunsSql {

  private static final String COUNT = """
      (SELECT count(*) FROM sync_runs c WHERE c.sync_id = :sync::bigint AND c.discarded_at IS NULL /*status:c*/)""";

  private static final String RUN_COLUMNS = """
      SELECT r.id, r.sync_id, r.status, r.started_at, r.finished_at, r.total_query_rows, r.skipped_rows,
             r.total_rows, r.successful_rows, r.failed_rows, r.error, r.created_at, r.updated_at
        FROM sync_runs r
      """;

  private static final String TYPED_NULLS = """
      NULL::bigint AS id, NULL::integer AS sync_id, NULL::integer AS status,
             NULL::timestamp AS started_at, NULL::timestamp AS finished_at, NULL::integer AS total_query_rows,
             NULL::integer AS skipped_rows, NULL::integer AS total_rows, NULL::integer AS successful_rows,
             NULL::integer AS failed_rows, NULL::text AS error, NULL::timestamp AS created_at,
             NULL::timestamp AS updated_at""";

  private static final String COLUMNS = "id, sync_id, status, started_at, finished_at, total_query_rows, "
      + "skipped_rows, total_rows, successful_rows, failed_rows, error, created_at, updated_at";

  /** The page's rows straight off the index in response order: cheapest while the offset is small. */
  private static final String PAGE_NEAR = RUN_COLUMNS + """
       WHERE r.sync_id = :sync::bigint AND r.discarded_at IS NULL /*status:r*/ /*access*/
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT :limit::bigint OFFSET :offset::bigint""";

  /**
   * The page's rows far from the start: their ids are found by an index-only scan in response
   * order, so the OFFSET skips index entries rather than table rows; then only those rows are read,
   * in their own order (an IN list has none).
   */
  private static final String PAGE_DEEP = RUN_COLUMNS + """
       WHERE r.id IN (SELECT k.id FROM sync_runs k
                       WHERE k.sync_id = :sync::bigint AND k.discarded_at IS NULL /*status:k*/
                       ORDER BY k.created_at DESC, k.id DESC
                       LIMIT :limit::bigint OFFSET :offset::bigint) /*access*/
       ORDER BY r.created_at DESC, r.id DESC""";

  /**
   * A deep page from a remembered position (the created_at and id of its first run, found by a
   * recent request for the same offset): a seek instead of skipping the offset's index entries.
   */
  private static final String PAGE_FROM = RUN_COLUMNS + """
       WHERE r.sync_id = :sync::bigint AND r.discarded_at IS NULL /*status:r*/
         AND (r.created_at, r.id) <= (:from_created_at::timestamp, :from_id::bigint) /*access*/
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT :limit::bigint""";

  /** One run of the sync, if it is live: no run at all is the answer for a missing one too. */
  private static final String ONE = RUN_COLUMNS + """
       WHERE r.id = :run::bigint AND r.sync_id = :sync::bigint AND r.discarded_at IS NULL /*access*/""";

  /** From this offset on, the deep form reads fewer pages than the near one. */
  static final long DEEP_OFFSET = 100;

  static final List<String> ONE_PAGE_PARAMETERS =
      List.of("user", "workspace", "sync", "jti", "counting", "limit", "offset", "status");
  static final List<String> ONE_PAGE_FROM_PARAMETERS =
      List.of("user", "workspace", "sync", "jti", "counting", "limit", "from_created_at", "from_id", "status");

  static final Statement ONE_PAGE_NEAR = page(PAGE_NEAR, ONE_PAGE_PARAMETERS);
  static final Statement ONE_PAGE_DEEP = page(PAGE_DEEP, ONE_PAGE_PARAMETERS);
  static final Statement ONE_PAGE_FROM = page(PAGE_FROM, ONE_PAGE_FROM_PARAMETERS);
  /** One run: its sync checked as for the list (no run asked for: :counting is false), then the run. */
  static final String ONE_RUN = PageSql.numbered(PageSql.accessAndPage("true", null, ONE, TYPED_NULLS, COLUMNS),
      List.of("user", "workspace", "sync", "jti", "run"));
  static final Statement COUNT_ONLY = new Statement("SELECT " + COUNT.strip() + " AS total",
      List.of("sync", "status"));

  private SyncRunsSql() {
  }

  private static Statement page(String page, List<String> parameters) {
    return new Statement(PageSql.accessAndPage("true", COUNT, page, TYPED_NULLS, COLUMNS), parameters);
  }
}
