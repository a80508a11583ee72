package ai.squared.syncruns.syncruns;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How the API writes timestamps and durations (SPEC §1). */
public final class JsonValues {
  /** UTC wall time with exactly three fractional digits; {@code SSS} truncates, it never rounds. */
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

  private JsonValues() {
  }

  /** The columns are {@code timestamp without time zone} holding UTC: format the wall time as is. */
  public static String timestamp(LocalDateTime utc) {
    return TIMESTAMP.format(utc);
  }

  /**
   * {@code finished − started} in seconds, keeping microseconds, as a plain JSON number
   * ({@code 12.345}, {@code 0.000001}, {@code 3600.0}); null when either end is null.
   */
  public static String durationSeconds(LocalDateTime started, LocalDateTime finished) {
    if (started == null || finished == null) {
      return null;
    }
    long micros = ChronoUnit.MICROS.between(started, finished);
    BigDecimal seconds = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    if (seconds.scale() < 1) {
      seconds = seconds.setScale(1);
    }
    return seconds.toPlainString();
  }
}
