package ai.squared.syncruns.syncruns;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

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
    pair(text, 1, year / 100);
    pair(text, 3, year % 100);
    text[5] = '-';
    pair(text, 6, utc.getMonthValue());
    text[8] = '-';
    pair(text, 9, utc.getDayOfMonth());
    text[11] = 'T';
    pair(text, 12, utc.getHour());
    text[14] = ':';
    pair(text, 15, utc.getMinute());
    text[17] = ':';
    pair(text, 18, utc.getSecond());
    text[20] = '.';
    int millis = utc.getNano() / 1_000_000;
    text[21] = (char) ('0' + millis / 100);
    pair(text, 22, millis % 100);
    text[24] = 'Z';
    text[25] = '"';
    return true;
  }

  /** Longest {@link #writeDuration} output: a sign, 13 digits of seconds, a point, 6 digits. */
  static final int DURATION_MAX_LENGTH = 21;

  /**
   * Writes {@code finished − started} in seconds, keeping microseconds, as a plain JSON number
   * ({@code 12.345}, {@code 0.000001}, {@code 3600.0}) into {@code text} (at least
   * {@link #DURATION_MAX_LENGTH} long) and returns its length. The columns hold microseconds, so
   * the difference is exact; it is computed from the days and times of day, without the
   * general-purpose (and much slower) {@code ChronoUnit.between}.
   */
  static int writeDuration(LocalDateTime started, LocalDateTime finished, char[] text) {
    long days = finished.toLocalDate().toEpochDay() - started.toLocalDate().toEpochDay();
    long micros = days * MICROS_PER_DAY
        + (finished.toLocalTime().toNanoOfDay() - started.toLocalTime().toNanoOfDay()) / 1_000;
    int length = 0;
    if (micros < 0) {
      text[length++] = '-';
      micros = -micros;
    }
    long seconds = micros / 1_000_000;
    int fraction = (int) (micros % 1_000_000);
    int digitsOfSeconds = 1;
    for (long rest = seconds / 10; rest > 0; rest /= 10) {
      digitsOfSeconds++;
    }
    for (int i = length + digitsOfSeconds - 1; i >= length; i--) {
      text[i] = (char) ('0' + seconds % 10);
      seconds /= 10;
    }
    length += digitsOfSeconds;
    text[length++] = '.';
    int fractionDigits = 6;
    while (fractionDigits > 1 && fraction % 10 == 0) {
      fraction /= 10;
      fractionDigits--;
    }
    for (int i = length + fractionDigits - 1; i >= length; i--) {
      text[i] = (char) ('0' + fraction % 10);
      fraction /= 10;
    }
    return length + fractionDigits;
  }

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** "00" … "99", so that each pair of digits is two array reads instead of two divisions. */
  private static final char[] PAIRS = pairs();

  private static char[] pairs() {
    char[] pairs = new char[200];
    for (int i = 0; i < 100; i++) {
      pairs[2 * i] = (char) ('0' + i / 10);
      pairs[2 * i + 1] = (char) ('0' + i % 10);
    }
    return pairs;
  }

  /** Writes {@code value} (0–99) as two digits at {@code offset}. */
  private static void pair(char[] text, int offset, int value) {
    text[offset] = PAIRS[2 * value];
    text[offset + 1] = PAIRS[2 * value + 1];
  }
}
