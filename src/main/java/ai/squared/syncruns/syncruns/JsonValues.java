package ai.squared.syncruns.syncruns;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the API writes timestamps and durations (SPEC §1). Both are written digit by digit: they are
 * on every row of every response, and the general-purpose formatters were a tenth of the server's
 * CPU per request.
 */
public final class JsonValues {
  /** For years outside 0000–9999 only; {@code SSS} truncates, it never rounds. */
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

  private JsonValues() {
  }

  /**
   * {@code 2026-11-02T10:00:12.345Z}: the columns are {@code timestamp without time zone} holding
   * UTC, so the wall time is written as is; sub-millisecond digits are dropped, not rounded.
   */
  public static String timestamp(LocalDateTime utc) {
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return TIMESTAMP.format(utc);
    }
    char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
    digits(text, 0, 4, year);
    digits(text, 5, 2, utc.getMonthValue());
    digits(text, 8, 2, utc.getDayOfMonth());
    digits(text, 11, 2, utc.getHour());
    digits(text, 14, 2, utc.getMinute());
    digits(text, 17, 2, utc.getSecond());
    digits(text, 20, 3, utc.getNano() / 1_000_000);
    return new String(text);
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
    StringBuilder text = new StringBuilder(24);
    if (micros < 0) {
      text.append('-');
      micros = -micros;
    }
    text.append(micros / 1_000_000).append('.');
    char[] fraction = new char[6];
    digits(fraction, 0, 6, (int) (micros % 1_000_000));
    int length = 6;
    while (length > 1 && fraction[length - 1] == '0') {
      length--;
    }
    return text.append(fraction, 0, length).toString();
  }

  /** Writes {@code value} as exactly {@code width} decimal digits at {@code offset}. */
  private static void digits(char[] text, int offset, int width, int value) {
    for (int i = offset + width - 1; i >= offset; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
