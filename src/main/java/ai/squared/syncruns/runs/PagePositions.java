package ai.squared.syncruns.runs;

import ai.squared.syncruns.util.LruMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where recent deep pages started: for (sync, status filter, offset), the created_at and id of the
 * page's first run. A request for the same deep page within {@code ttl} seeks straight there
 * instead of skipping the offset's index entries (on a million-run sync, page 50,000 costs ~50 ms
 * of database time skipping and ~0.2 ms seeking). The page then reflects the order as it was at
 * most one TTL (plus one refresh) ago; with nothing written meanwhile it is exactly the same page.
 *
 * <p>Only one request at a time skips to a given page: while it does, the others wait for the
 * position it finds (a new hot deep page would otherwise send every concurrent request skipping),
 * or, once the page is known, keep seeking to its previous start. One instance per event loop: no
 * locking.
 */
final class PagePositions {
  private static final int MAX_ENTRIES = 10_000;
  private static final Future<Optional<Start>> SKIP = Future.succeededFuture(Optional.empty());

  private final long ttlNanos;
  private final long minOffset;
  private final Map<Key, Position> positions = new LruMap<>(MAX_ENTRIES);
  /** Pages being skipped to right now, with the requests waiting for where they start. */
  private final Map<Key, List<Promise<Optional<Start>>>> finding = new HashMap<>();

  record Key(long syncId, int status, long offset) {
    static Key of(SyncRunsQuery query) {
      return new Key(query.syncId(), query.status().map(RunStatus::code).orElse(-1), query.offset());
    }
  }

  /** Where to seek: the created_at and id of the page's first run. */
  record Start(LocalDateTime createdAt, long id) {
  }

  private record Position(Start start, long storedAt) {
  }

  PagePositions(long ttlMillis, long minOffset) {
    this.ttlNanos = ttlMillis * 1_000_000;
    this.minOffset = minOffset;
  }

  /** Whether pages at this offset are worth remembering (and looking up). */
  boolean deep(SyncRunsQuery query) {
    return ttlNanos > 0 && query.offset() >= minOffset;
  }

  /**
   * Where the page starts; empty when this request is to skip the offset itself, and then report
   * what it found with {@link #found} (and {@link #done} in any case).
   */
  Future<Optional<Start>> lookup(Key key, long nowNanos) {
    Position position = positions.get(key);
    List<Promise<Optional<Start>>> waiting = finding.get(key);
    if (position != null && (nowNanos - position.storedAt < ttlNanos || waiting != null)) {
      return Future.succeededFuture(Optional.of(position.start));
    }
    if (waiting != null) {
      Promise<Optional<Start>> promise = Promise.promise();
      waiting.add(promise);
      return promise.future();
    }
    finding.put(key, new ArrayList<>(0));
    return SKIP;
  }

  /** The skipping request found the page's first run. */
  void found(Key key, LocalDateTime createdAt, long id, long nowNanos) {
    Start start = new Start(createdAt, id);
    positions.put(key, new Position(start, nowNanos));
    release(key, Optional.of(start));
  }

  /** The skipping request is over (found, empty past the end, or failed): nobody waits any more. */
  void done(Key key) {
    release(key, Optional.empty());
  }

  private void release(Key key, Optional<Start> start) {
    List<Promise<Optional<Start>>> waiting = finding.remove(key);
    if (waiting != null) {
      waiting.forEach(promise -> promise.complete(start));
    }
  }
}
