package ai.squared.syncruns.syncruns;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where recent deep pages started: for (sync, status filter, offset), the created_at and id of the
 * page's first run. A request for the same deep page within {@code ttl} seeks straight there
 * instead of skipping the offset's index entries (on a million-run sync, page 50,000 costs ~50 ms
 * of database time skipping and ~0.2 ms seeking). The page then reflects the order as it was at
 * most one TTL ago; with nothing written meanwhile it is exactly the same page. One instance per
 * event loop: no locking.
 */
final class PagePositions {
  private static final int MAX_ENTRIES = 10_000;

  private final long ttlNanos;
  private final long minOffset;
  private final Map<Key, Position> positions = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Position> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  record Key(long syncId, int status, long offset) {
    static Key of(SyncRunsQuery query) {
      return new Key(query.syncId(), query.status().map(RunStatus::code).orElse(-1), query.offset());
    }
  }

  /** The first run of a page, in the response order's terms. */
  record Position(LocalDateTime createdAt, long id, long storedAt) {
  }

  PagePositions(long ttlMillis, long minOffset) {
    this.ttlNanos = ttlMillis * 1_000_000;
    this.minOffset = minOffset;
  }

  /** Whether pages at this offset are worth remembering (and looking up). */
  boolean deep(SyncRunsQuery query) {
    return ttlNanos > 0 && query.offset() >= minOffset;
  }

  Optional<Position> lookup(Key key, long nowNanos) {
    Position position = positions.get(key);
    if (position == null || nowNanos - position.storedAt >= ttlNanos) {
      return Optional.empty();
    }
    return Optional.of(position);
  }

  void store(Key key, LocalDateTime createdAt, long id, long nowNanos) {
    positions.put(key, new Position(createdAt, id, nowNanos));
  }
}
