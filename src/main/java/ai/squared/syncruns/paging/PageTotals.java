package ai.squared.syncruns.paging;

import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The count behind a page's links ({@code last}), one answer per request. Behind it: the plan (a
 * recent count kept by {@link CountCache}, the count another request is running, or a count made
 * with the page itself), the page (every page is read with one run more than it returns, so a page
 * that is not full settles the count by itself, and a reused count must agree with what the page
 * saw), a recount when it does not, and remembering what was read from the database (a reused count
 * keeps its age). One instance per event loop: no locking.
 */
public final class PageTotals {
  private final CountCache counts;

  public PageTotals(long ttlMillis, long minRows) {
    this.counts = new CountCache(ttlMillis, minRows);
  }

  /**
   * One request's total: of the rows of {@code parentId} (a sync's runs, a run's records), of one
   * status code or all (-1). {@code alone}: neither wait for another request's count nor make others
   * wait for this one (a streamed page holds its connection at the pace of its reader).
   */
  public Total plan(long parentId, int status, long offset, int perPage, boolean alone) {
    CountCache.Key key = new CountCache.Key(parentId, status);
    long now = System.nanoTime();
    return new Total(key, offset, perPage, alone ? counts.planAlone(key, now) : counts.plan(key, now));
  }

  /** Whether a page settles the count by itself ({@code offset + seen}); {@code seen} counts the look-ahead run. */
  static boolean exact(long offset, int perPage, int seen) {
    return seen <= perPage && (seen > 0 || offset == 0);
  }

  /**
   * Whether a remembered count fits a page that does not settle it: a full page with a run after it
   * needs more than {@code offset + perPage} runs, an empty page past the start at most {@code offset}.
   */
  static boolean agrees(long count, long offset, int perPage, int seen) {
    return seen > perPage ? count > offset + perPage : count <= offset;
  }

  /** The total of one request; it ends with {@link #end}, so that requests waiting for its count go on. */
  public final class Total {
    private final CountCache.Key key;
    private final long offset;
    private final int perPage;
    private final CountCache.CountPlan plan;

    private Total(CountCache.Key key, long offset, int perPage, CountCache.CountPlan plan) {
      this.key = key;
      this.offset = offset;
      this.perPage = perPage;
      this.plan = plan;
    }

    /** Whether the page's statement counts too: there is no count to reuse or to wait for. */
    public boolean countedWithPage() {
      return plan.counting();
    }

    /** Whether that count will be slow (the sync was large when last counted). */
    public boolean slow() {
      return plan.counting() && counts.knownLarge(key);
    }

    /**
     * The count, given the page read: the page's own when it settles it, else the one counted with
     * it, else the remembered one or the one another request was running, if the page agrees with it,
     * else {@code recount}'s (told whether the count will be slow).
     *
     * @param seen runs read, look-ahead included (0 … perPage + 1)
     */
    public Future<Long> given(Access access, int seen, Function<Boolean, Future<Long>> recount) {
      if (exact(offset, perPage, seen)) {
        return Future.succeededFuture(remember(offset + seen));
      }
      if (access.count() != null) {
        return Future.succeededFuture(remember(access.count()));
      }
      Future<Long> reused = plan.joined() != null ? plan.joined() : Future.succeededFuture(plan.cached().orElseThrow());
      return reused.transform(known -> {
        if (known.succeeded() && agrees(known.result(), offset, perPage, seen)) {
          return Future.succeededFuture(known.result());
        }
        return recount.apply(counts.knownLarge(key)).map(this::remember);
      });
    }

    /** A request that was to count and did not (refused, or the database failed) lets its waiters count. */
    public void end() {
      if (plan.leading()) {
        counts.abandon(key); // a no-op once the count was stored
      }
    }

    private long remember(long count) {
      counts.store(key, count, System.nanoTime());
      return count;
    }
  }
}
