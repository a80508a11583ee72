package ai.squared.syncruns.auth;

import ai.squared.syncruns.util.LruMap;
import java.util.Map;

/**
 * Tokens whose signature and claims already passed, by their exact text, until their {@code exp}
 * (plus the leeway) passes: a hit is exactly as valid as a fresh verification would be, since
 * nothing else in a token can change. Bounded (least recently used out); one instance per event
 * loop, so no locking. Revocation ({@code users.jti}) is not cached: the query checks it each time.
 */
final class VerifiedTokens {
  private static final int MAX_ENTRIES = 10_000;

  private final long leewaySeconds;
  private final Map<String, Entry> entries = new LruMap<>(MAX_ENTRIES);

  private record Entry(Principal principal, long expiresAt, long notBefore) {
  }

  VerifiedTokens(long leewaySeconds) {
    this.leewaySeconds = leewaySeconds;
  }

  /** The principal of a token verified before and still within its validity, else null. */
  Principal get(String token, long nowSeconds) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (nowSeconds > entry.expiresAt + leewaySeconds || nowSeconds < entry.notBefore - leewaySeconds) {
      entries.remove(token);
      return null;
    }
    return entry.principal;
  }

  void clear() {
    entries.clear();
  }

  void put(String token, Principal principal, long expiresAt, long notBefore) {
    entries.put(token, new Entry(principal, expiresAt, notBefore));
  }
}
