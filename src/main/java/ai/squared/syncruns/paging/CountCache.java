package ai.squared.syncruns.paging;

import ai.squared.syncruns.util.LruMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Recent counts, so a sync is not counted on every request (a million-run sync costs ~70 ms). Counts
 * of at least {@code minRows} are kept, each for {@code ttlNanos}; callers check a kept count against
 * the page they read ({@link PageTotals}), so it only ever decides the {@code last} link. When an
 * entry expires, one request recounts while the others keep the old value (so a hot sync is counted
 * about once per TTL per event loop, not by every request at once): a count is at most one TTL old
 * plus the time that recount takes, and a recount that has not come back within
 * {@link #RECOUNT_GIVE_UP_NANOS} is given up on. A sync with no count kept (just after the start, or
 * evicted) is counted once too: requests that arrive while its count runs wait for that count
 * rather than start their own (so a burst on a cold million-run sync costs one 70 ms count, not one
 * per request). One instance per event loop: no locking. Access is never cached, only counts.
 */
final class CountCache {
  private static final int MAX_ENTRIES = 10_000;
  static final long RECOUNT_GIVE_UP_NANOS = 10_000_000_000L;
  /** From this many runs on, a count takes milliseconds: it is not queued on a pipelined connection. */
  static final long SLOW_COUNT_ROWS = 10_000;
  /** Every refused request (401/403/404) abandons its count: no stack trace to fill in each time. */
  private static final RuntimeException NOT_COUNTED =
      new RuntimeException("the count waited for was not made", null, false, false) { };

  private final long ttlNanos;
  private final long minRows;
  private final Map<Key, Entry> entries = new LruMap<>(MAX_ENTRIES);
  private final Map<Key, Promise<Long>> running = new HashMap<>();

  CountCache(long ttlMillis, long minRows) {
    this.ttlNanos = ttlMillis * 1_000_000;
    this.minRows = minRows;
  }

  /** What is counted: the rows of one parent (a sync's runs, a run's records), of one status or all (-1). */
  record Key(long parentId, int status) {
  }

  private static final class Entry {
    final long count;
    final long storedAt;
    long recountSince;

    Entry(long count, long storedAt) {
      this.count = count;
      this.storedAt = storedAt;
    }
  }

  /**
   * How a request gets its count. A request told to count must end with {@link #store} or
   * {@link #abandon}, so that the requests waiting for its count go on.
   */
  CountPlan plan(Key key, long nowNanos) {
    OptionalLong cached = lookup(key, nowNanos);
    if (cached.isPresent() || ttlNanos == 0) {
      return new CountPlan(cached, null, false);
    }
    Promise<Long> counting = running.get(key);
    if (counting != null) {
      return new CountPlan(cached, counting.future(), false);
    }
    running.put(key, Promise.promise());
    return new CountPlan(cached, null, true);
  }

  /**
   * A plan that neither waits for another request's count nor makes others wait for its own: for a
   * streamed page, which holds a connection of the held pool until its links are written, at the
   * pace of its reader.
   */
  CountPlan planAlone(Key key, long nowNanos) {
    return new CountPlan(lookup(key, nowNanos), null, false);
  }

  /**
   * @param cached a count to use instead of counting
   * @param joined the count another request is running, to wait for instead of counting
   * @param leading whether requests wait for this one's count (it must then end with store or abandon)
   */
  record CountPlan(OptionalLong cached, Future<Long> joined, boolean leading) {
    boolean counting() {
      return cached.isEmpty() && joined == null;
    }
  }

  /** A count to use instead of counting, or empty when this request should count. */
  OptionalLong lookup(Key key, long nowNanos) {
    Entry entry = ttlNanos == 0 ? null : entries.get(key);
    if (entry == null) {
      return OptionalLong.empty();
    }
    boolean fresh = nowNanos - entry.storedAt < ttlNanos;
    boolean recounting = entry.recountSince != 0 && nowNanos - entry.recountSince < RECOUNT_GIVE_UP_NANOS;
    if (fresh || recounting) {
      return OptionalLong.of(entry.count);
    }
    entry.recountSince = nowNanos;
    return OptionalLong.empty();
  }

  /** Whether this sync (and filter) was large when last counted: counting it again is slow. */
  boolean knownLarge(Key key) {
    Entry entry = entries.get(key);
    return entry != null && entry.count >= SLOW_COUNT_ROWS;
  }

  void store(Key key, long count, long nowNanos) {
    Promise<Long> counting = running.remove(key);
    if (counting != null) {
      counting.complete(count);
    }
    if (ttlNanos == 0 || count < minRows) {
      entries.remove(key);
    } else {
      entries.put(key, new Entry(count, nowNanos));
    }
  }

  /** The request that was to count did not (refused, or the database failed): its waiters count themselves. */
  void abandon(Key key) {
    Promise<Long> counting = running.remove(key);
    if (counting != null) {
      counting.fail(NOT_COUNTED);
    }
  }
}
