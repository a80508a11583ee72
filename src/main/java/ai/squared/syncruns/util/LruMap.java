package ai.squared.syncruns.util;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps at most {@code maxEntries}, dropping the least recently used; not thread-safe. */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {
  private final int maxEntries;

  public LruMap(int maxEntries) {
    super(64, 0.75f, true);
    this.maxEntries = maxEntries;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > maxEntries;
  }
}
