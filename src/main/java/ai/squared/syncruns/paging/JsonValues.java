package ai.squared.syncruns.paging;

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

  /**
   * PostgreSQL's {@code -infinity} as vertx-pg-client 5.0.7 decodes it: its check for
   * {@code -infinity} compares with the wrong value, so instead of {@link LocalDateTime#MIN} it
   * returns the epoch plus {@code Long.MIN_VALUE} microseconds (a year around −290,278).
   */
  private static final LocalDateTime PG_MINUS_INFINITY =
      LocalDateTime.of(2000, 1, 1, 0, 0).plus(Long.MIN_VALUE, ChronoUnit.MICROS);

  private JsonValues() {
  }

  /**
   * {@code 2026-11-02T10:00:12.345Z}: the columns are {@code timestamp without time zone} holding
   * UTC, so the wall time is written as is; sub-millisecond digits are dropped, not rounded. Years
   * outside 0000–9999 take ISO-8601's expanded form ({@code +294276-12-31T23:59:59.999Z}); null for
   * PostgreSQL's {@code infinity} and {@code -infinity}, which have no ISO-8601 form.
   */
  public static String timestamp(LocalDateTime utc) {
    char[] text = new char[QUOTED_TIMESTAMP_LENGTH];
    if (writeQuotedTimestamp(utc, text)) {
      return new String(text, 1, QUOTED_TIMESTAMP_LENGTH - 2);
    }
    return isInfinite(utc) ? null : TIMESTAMP.format(utc);
  }

  /** PostgreSQL's {@code infinity} or {@code -infinity}, as the PostgreSQL client decodes them. */
  static boolean isInfinite(LocalDateTime utc) {
    return utc.equals(LocalDateTime.MAX) || utc.equals(LocalDateTime.MIN) || utc.equals(PG_MINUS_INFINITY);
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

  /**
   * Longest {@link #writeDuration} output: a sign, 17 digits of seconds (from {@link LocalDateTime#MIN}
   * to {@link LocalDateTime#MAX}; PostgreSQL's range needs 13), a point, 6 digits.
   */
  public static final int DURATION_MAX_LENGTH = 25;

  /**
   * Writes {@code finished − started} in seconds, keeping microseconds, as a plain JSON number
   * ({@code 12.345}, {@code 0.000001}, {@code 3600.0}) into {@code text} (at least
   * {@link #DURATION_MAX_LENGTH} long) and returns its length. The columns hold microseconds, so
   * the difference is exact; it is computed from the days and times of day, without the
   * general-purpose (and much slower) {@code ChronoUnit.between}.
   */
  public static int writeDuration(LocalDateTime started, LocalDateTime finished, char[] text) {
    long days = finished.toLocalDate().toEpochDay() - started.toLocalDate().toEpochDay();
    long microsOfDay = (finished.toLocalTime().toNanoOfDay() - started.toLocalTime().toNanoOfDay()) / 1_000;
    // seconds and microseconds apart: one long of microseconds overflows past ~292,000 years, and
    // PostgreSQL holds 4713 BC to 294276 AD
    long seconds = days * SECONDS_PER_DAY + microsOfDay / 1_000_000;
    long fraction = microsOfDay % 1_000_000;
    if (seconds > 0 && fraction < 0) {
      seconds--;
      fraction += 1_000_000;
    } else if (seconds < 0 && fraction > 0) {
      seconds++;
      fraction -= 1_000_000;
    }
    return writeSeconds(seconds < 0 || fraction < 0, Math.abs(seconds), (int) Math.abs(fraction), text);
  }

  /** Writes {@code seconds.fraction} (fraction in microseconds), trailing zeros trimmed to one digit. */
  private static int writeSeconds(boolean negative, long seconds, int fraction, char[] text) {
    int length = 0;
    if (negative) {
      text[length++] = '-';
    }
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

  private static final long SECONDS_PER_DAY = 86_400;

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
