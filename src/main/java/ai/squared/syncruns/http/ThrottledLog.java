package ai.squared.syncruns.http;

import org.slf4j.Logger;

/**
 * A warning that may repeat thousands of times a second (every request shed while the database is
 * away) logged at most once per interval, with how many were left out. Used from one event loop.
 */
final class ThrottledLog {
  private final Logger log;
  private final String what;
  private final long intervalNanos;
  private long lastLoggedAt;
  private boolean loggedOnce;
  private long suppressed;

  ThrottledLog(Logger log, String what, long intervalMillis) {
    this.log = log;
    this.what = what;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  void warn(String detail) {
    long now = System.nanoTime();
    if (loggedOnce && now - lastLoggedAt < intervalNanos) {
      suppressed++;
      return;
    }
    if (suppressed > 0) {
      log.warn("{}: {} ({} more since the last report)", what, detail, suppressed);
    } else {
      log.warn("{}: {}", what, detail);
    }
    loggedOnce = true;
    lastLoggedAt = now;
    suppressed = 0;
  }
}
