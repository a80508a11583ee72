package ai.squared.syncruns.paging;

import java.util.List;

/**
 * The shape of every statement of the endpoints, written with named parameters ({@code :sync}) that
 * {@link #numbered} turns into PostgreSQL's {@code $n} in the order each statement's tuple gives
 * them: an {@code access} CTE (revocation, membership, the sync's visibility, the run's where one is
 * named), the page (read only when access passed), and one {@code SELECT} that returns the access
 * row first (with the count, when asked for) and the page's rows after it. Parameters are cast to
 * bigint, so the same statements run against the platform's integer foreign-key columns and the
 * project's own schema (int4 = int8 comparisons still use the int4 indexes).
 *
 * <p>There is no ORDER BY over the UNION ALL: sorting the page's rows again cost 10-20 % of the
 * database's time for a 100-run page (pgbench). PostgreSQL's Append returns its branches one after
 * the other, each in its own order; only a Parallel Append could interleave them, and the first branch
 * reads a materialized CTE, which is never parallel-safe. The handlers still check both facts on every
 * page ({@link Access#of}, and each endpoint's order check), and fail loudly if they ever stop holding.
 */
public final class PageSql {
  /** Revocation (:jti null = not checked), membership and the sync's visibility: three index probes. */
  private static final String ACCESS = """
      access AS (
        SELECT (:jti::text IS NULL
                  OR EXISTS (SELECT 1 FROM users u WHERE u.id = :user::bigint AND u.jti = :jti::text)) AS token_live,
               EXISTS (SELECT 1 FROM workspace_users wu
                        WHERE wu.user_id = :user::bigint AND wu.workspace_id = :workspace::bigint) AS member,
               EXISTS (SELECT 1 FROM syncs s
                        WHERE s.id = :sync::bigint AND s.workspace_id = :workspace::bigint
                          AND s.discarded_at IS NULL) AS sync_visible,
               %s AS run_visible
      )""";

  /** The run's visibility in the sync, where a request names a run: another index probe. */
  public static final String RUN_VISIBLE = """
      EXISTS (SELECT 1 FROM sync_runs v
               WHERE v.id = :run::bigint AND v.sync_id = :sync::bigint AND v.discarded_at IS NULL)""";

  /** What a page's rows are filtered with, at its {@code /*access*}{@code /} mark: only when access passed. */
  private static final String ACCESS_PASSED = "AND (SELECT token_live AND member AND sync_visible AND run_visible FROM access)";

  private PageSql() {
  }

  /**
   * The whole statement.
   *
   * @param runVisible {@link #RUN_VISIBLE}, or {@code true} when no run is named
   * @param count the count's subquery, run only when :counting and access passed; null for none (and
   *              no :counting parameter)
   * @param page the page's statement, with {@code /*access*}{@code /} where the access filter goes
   * @param typedNulls the page's columns as typed NULLs, in order ({@code NULL::bigint AS id, …})
   * @param columns the page's column names, in order
   */
  public static String accessAndPage(String runVisible, String count, String page, String typedNulls, String columns) {
    String total = count == null ? "NULL::bigint"
        : "CASE WHEN :counting::boolean AND token_live AND member AND sync_visible AND run_visible THEN\n         "
            + count + "\n       END";
    return "WITH " + ACCESS.formatted(runVisible) + ",\npage AS (" + page.replace("/*access*/", ACCESS_PASSED) + ")\n"
        + "SELECT true AS is_access, token_live, member, sync_visible, run_visible,\n       " + total
        + " AS total,\n       " + typedNulls + "\n  FROM access\n"
        + "UNION ALL\nSELECT false, NULL, NULL, NULL, NULL, NULL, " + columns + "\n  FROM page";
  }

  /**
   * A statement in its two variants, without and with the status filter (each then gets a plan on the
   * matching index). Its template marks the filter's place with {@code /*status:x*}{@code /} for the
   * table alias {@code x}; parameters go in the order of the list, {@code :status} last.
   */
  public record Statement(String all, String byStatus) {
    public Statement(String template, List<String> parameters) {
      this(numbered(unfiltered(template), parameters.subList(0, parameters.size() - 1)),
          numbered(filtered(template), parameters));
    }

    public String sql(boolean withStatus) {
      return withStatus ? byStatus : all;
    }
  }

  private static String unfiltered(String template) {
    return template.replaceAll("/\\*status:[a-z]+\\*/", "");
  }

  private static String filtered(String template) {
    return template.replaceAll("/\\*status:([a-z]+)\\*/", "AND $1.status = :status::int");
  }

  public static String numbered(String sql, List<String> parameters) {
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
