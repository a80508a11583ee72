package ai.squared.syncruns.paging;

import java.time.LocalDateTime;

/**
 * Checks that rows come in the order the contract promises ({@code created_at}, then {@code id}, both
 * descending or both ascending, strictly) as they are written. The one-page statements have no final
 * ORDER BY (see {@link PageSql}); should the database ever return rows in another order, the request
 * fails instead of answering a wrong page.
 */
public final class RowOrder {
  private final int direction;
  private LocalDateTime previousCreatedAt;
  private long previousId;

  private RowOrder(int direction) {
    this.direction = direction;
  }

  /** {@code created_at DESC, id DESC}: a sync's runs. */
  public static RowOrder newestFirst() {
    return new RowOrder(-1);
  }

  /** {@code created_at ASC, id ASC}: a run's records. */
  public static RowOrder oldestFirst() {
    return new RowOrder(1);
  }

  public void check(LocalDateTime createdAt, long id) {
    if (previousCreatedAt != null) {
      int byTime = createdAt.compareTo(previousCreatedAt) * direction;
      if (byTime < 0 || (byTime == 0 && Long.compare(id, previousId) * direction <= 0)) {
        throw new IllegalStateException("rows out of order: " + id + " after " + previousId);
      }
    }
    previousCreatedAt = createdAt;
    previousId = id;
  }
}
