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
    char[] text = new char[QUOTED_TIMESTAMP_LENGTH];
    return writeQuotedTimestamp(utc, text) ? new String(text, 1, QUOTED_TIMESTAMP_LENGTH - 2) : TIMESTAMP.format(utc);
  }

  /** Length of {@code "2026-11-02T10:00:12.345Z"} with its quotes. */
  static final int QUOTED_TIMESTAMP_LENGTH = 26;

  /**
   * Writes the timestamp, in quotes, as a ready JSON string value into {@code text} (at least
   * {@link #QUOTED_TIMESTAMP_LENGTH} long); false, writing nothing, for years outside 0000–9999.
   */
  static boolean writeQuotedTimestamp(LocalDateTime utc, char[] text) {
    int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return false;
    }
    text[0] = '"';
    digits(text, 1, 4, year);
    text[5] = '-';
    digits(text, 6, 2, utc.getMonthValue());
    text[8] = '-';
    digits(text, 9, 2, utc.getDayOfMonth());
    text[11] = 'T';
    digits(text, 12, 2, utc.getHour());
    text[14] = ':';
    digits(text, 15, 2, utc.getMinute());
    text[17] = ':';
    digits(text, 18, 2, utc.getSecond());
    text[20] = '.';
    digits(text, 21, 3, utc.getNano() / 1_000_000);
    text[24] = 'Z';
    text[25] = '"';
    return true;
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
