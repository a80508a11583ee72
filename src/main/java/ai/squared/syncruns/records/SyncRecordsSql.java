package ai.squared.syncruns.records;

import ai.squared.syncruns.paging.PageSql;
import ai.squared.syncruns.paging.PageSql.Statement;
import java.util.List;

/**
 * The SQL of a run's records, in the shape of {@link PageSql}: the access checks with the run's
 * visibility in the sync, the count, and the page, oldest first. {@code record} and {@code logs} are
 * read as PostgreSQL's own text of the stored JSON, sent as UTF-8 bytes (bytea), which the answer
 * carries as they are: the text is never decoded into a Java string.
 */
final class SyncRecordsSql {
  private static final String COUNT = """
      (SELECT count(*) FROM sync_records c WHERE c.sync_run_id = :run::bigint /*status:c*/)""";

  private static final String RECORD_COLUMNS = """
      SELECT rec.id, rec.sync_id, rec.sync_run_id, convert_to(rec.record::text, 'UTF8') AS record, rec.status,
             rec.action, convert_to(rec.logs::text, 'UTF8') AS logs, rec.created_at, rec.updated_at
        FROM sync_records rec
      """;

  private static final String TYPED_NULLS = """
      NULL::bigint AS id, NULL::integer AS sync_id, NULL::integer AS sync_run_id, NULL::bytea AS record,
             NULL::integer AS status, NULL::integer AS action, NULL::bytea AS logs,
             NULL::timestamp AS created_at, NULL::timestamp AS updated_at""";

  private static final String COLUMNS = "id, sync_id, sync_run_id, record, status, action, logs, created_at, updated_at";

  /** The page's records straight off the index in response order: cheapest while the offset is small. */
  private static final String PAGE_NEAR = RECORD_COLUMNS + """
       WHERE rec.sync_run_id = :run::bigint /*status:rec*/ /*access*/
       ORDER BY rec.created_at, rec.id
       LIMIT :limit::bigint OFFSET :offset::bigint""";

  /**
   * The page's records far from the start: their ids by an index-only scan in response order (the
   * OFFSET skips index entries, not records of tens of KB), then only those records.
   */
  private static final String PAGE_DEEP = RECORD_COLUMNS + """
       WHERE rec.id IN (SELECT k.id FROM sync_records k
                         WHERE k.sync_run_id = :run::bigint /*status:k*/
                         ORDER BY k.created_at, k.id
                         LIMIT :limit::bigint OFFSET :offset::bigint) /*access*/
       ORDER BY rec.created_at, rec.id""";

  /** From this offset on, the deep form reads fewer pages than the near one. */
  static final long DEEP_OFFSET = 100;

  private static final List<String> PARAMETERS =
      List.of("user", "workspace", "sync", "jti", "run", "counting", "limit", "offset", "status");

  static final Statement ONE_PAGE_NEAR = page(PAGE_NEAR);
  static final Statement ONE_PAGE_DEEP = page(PAGE_DEEP);
  static final Statement COUNT_ONLY = new Statement("SELECT " + COUNT.strip() + " AS total", List.of("run", "status"));

  private SyncRecordsSql() {
  }

  private static Statement page(String page) {
    return new Statement(PageSql.accessAndPage(PageSql.RUN_VISIBLE, COUNT, page, TYPED_NULLS, COLUMNS), PARAMETERS);
  }
}
