package ai.squared.syncruns.runs;

import java.time.LocalDateTime;

/**
 * Checks that runs come newest first ({@code created_at DESC, id DESC}, strictly) as they are
 * written. The one-round-trip statement has no final ORDER BY (see {@link SyncRunsSql}); should the
 * database ever return its rows in another order, the request fails instead of answering a wrong page.
 */
final class NewestFirst {
  private LocalDateTime previousCreatedAt;
  private long previousId;

  void check(LocalDateTime createdAt, long id) {
    if (previousCreatedAt != null) {
      int byTime = createdAt.compareTo(previousCreatedAt);
      if (byTime > 0 || (byTime == 0 && id >= previousId)) {
        throw new IllegalStateException("runs out of order: " + id + " after " + previousId);
      }
    }
    previousCreatedAt = createdAt;
    previousId = id;
  }
}
