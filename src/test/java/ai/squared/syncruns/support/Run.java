package ai.squared.syncruns.support;

import java.time.LocalDateTime;

/** A sync_runs row for {@link Fixtures}, with plain defaults a test overrides where it matters. */
public record Run(long id, long syncId, Integer status, LocalDateTime startedAt, LocalDateTime finishedAt,
                  Integer totalQueryRows, Integer totalRows, Integer successfulRows, Integer failedRows,
                  Integer skippedRows, String error, LocalDateTime discardedAt, LocalDateTime createdAt,
                  LocalDateTime updatedAt) {

  public static final LocalDateTime BASE = LocalDateTime.of(2026, 11, 2, 10, 0, 0);

  /** A successful run created {@code id} minutes after {@link #BASE}. */
  public static Run of(long id, long syncId) {
    LocalDateTime created = BASE.plusMinutes(id);
    return new Run(id, syncId, 5, created, created.plusSeconds(12), 1000, 1000, 998, 2, 0, null, null, created,
        created.plusSeconds(13));
  }

  /** {@code null} for a NULL column. */
  public Run status(Integer code) {
    return new Run(id, syncId, code, startedAt, finishedAt, totalQueryRows, totalRows, successfulRows,
        failedRows, skippedRows, error, discardedAt, createdAt, updatedAt);
  }

  public Run times(LocalDateTime started, LocalDateTime finished) {
    return new Run(id, syncId, status, started, finished, totalQueryRows, totalRows, successfulRows,
        failedRows, skippedRows, error, discardedAt, createdAt, updatedAt);
  }

  public Run created(LocalDateTime created, LocalDateTime updated) {
    return new Run(id, syncId, status, startedAt, finishedAt, totalQueryRows, totalRows, successfulRows,
        failedRows, skippedRows, error, discardedAt, created, updated);
  }

  public Run counts(Integer totalQuery, Integer total, Integer successful, Integer failed, Integer skipped) {
    return new Run(id, syncId, status, startedAt, finishedAt, totalQuery, total, successful, failed, skipped,
        error, discardedAt, createdAt, updatedAt);
  }

  public Run error(String text) {
    return new Run(id, syncId, status, startedAt, finishedAt, totalQueryRows, totalRows, successfulRows,
        failedRows, skippedRows, text, discardedAt, createdAt, updatedAt);
  }

  public Run discarded() {
    return new Run(id, syncId, status, startedAt, finishedAt, totalQueryRows, totalRows, successfulRows,
        failedRows, skippedRows, error, createdAt.plusDays(1), createdAt, updatedAt);
  }
}
