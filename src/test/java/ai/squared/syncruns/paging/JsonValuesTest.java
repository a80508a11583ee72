package ai.squared.syncruns.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

public class JsonValuesTest {
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0, 0);
  /** PostgreSQL's {@code -infinity} as vertx-pg-client 5.0.7 decodes it (DataTypeCodec.binaryDecodeTIMESTAMP). */
  public static final LocalDateTime VERTX_MINUS_INFINITY =
      LocalDateTime.of(2000, 1, 1, 0, 0).plus(Long.MIN_VALUE, ChronoUnit.MICROS);
  /** The earliest and latest {@code timestamp(6)} PostgreSQL holds: 4713-01-01 BC, 294276-12-31 23:59:59.999999. */
  public static final LocalDateTime PG_EARLIEST = LocalDateTime.of(-4712, 1, 1, 0, 0);
  public static final LocalDateTime PG_LATEST = LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000);

  /** What the envelope writes for a run's duration (null ends are written as null before this). */
  private static String duration(LocalDateTime started, LocalDateTime finished) {
    char[] text = new char[JsonValues.DURATION_MAX_LENGTH];
    return new String(text, 0, JsonValues.writeDuration(started, finished, text));
  }

  /**
   * The JSON number for {@code finished − started}, computed with {@code ChronoUnit.MICROS.between}
   * over two halves (each fits a long over PostgreSQL's range, the whole may not).
   */
  static String exactDuration(LocalDateTime started, LocalDateTime finished) {
    LocalDateTime middle = LocalDateTime.of(145_000, 1, 1, 0, 0);
    BigInteger micros = BigInteger.valueOf(ChronoUnit.MICROS.between(started, middle))
        .add(BigInteger.valueOf(ChronoUnit.MICROS.between(middle, finished)));
    BigDecimal seconds = new BigDecimal(micros, 6).stripTrailingZeros();
    return seconds.scale() > 0 ? seconds.toPlainString() : seconds.setScale(1).toPlainString();
  }

  @Test
  void timestampHasExactlyThreeFractionalDigitsAndZ() {
    assertThat(JsonValues.timestamp(T)).isEqualTo("2026-11-02T10:00:00.000Z");
    assertThat(JsonValues.timestamp(T.withNano(345_000_000))).isEqualTo("2026-11-02T10:00:00.345Z");
  }

  @Test
  void everyFieldIsZeroPadded() {
    assertThat(JsonValues.timestamp(LocalDateTime.of(7, 1, 2, 3, 4, 5, 6_000_000))).isEqualTo("0007-01-02T03:04:05.006Z");
    assertThat(JsonValues.timestamp(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999)))
        .isEqualTo("9999-12-31T23:59:59.999Z");
  }

  @Test
  void subMillisecondDigitsAreTruncatedNotRounded() {
    assertThat(JsonValues.timestamp(T.withNano(999_999_000))).isEqualTo("2026-11-02T10:00:00.999Z");
    assertThat(JsonValues.timestamp(T.withNano(1_000))).isEqualTo("2026-11-02T10:00:00.000Z");
  }

  @Test
  void timestampIgnoresTheJvmTimeZone() {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      assertThat(JsonValues.timestamp(T)).isEqualTo("2026-11-02T10:00:00.000Z");
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void durationKeepsMicroseconds() {
    assertThat(duration(T, T.plusSeconds(12).plusNanos(345_678_000))).isEqualTo("12.345678");
    assertThat(duration(T, T.plusNanos(1_000))).isEqualTo("0.000001");
  }

  @Test
  void durationIsAPlainNumberWithAFractionalPart() {
    assertThat(duration(T, T.plusSeconds(12).plusNanos(345_000_000))).isEqualTo("12.345");
    assertThat(duration(T, T.plusHours(1))).isEqualTo("3600.0");
    assertThat(duration(T, T)).isEqualTo("0.0");
    assertThat(duration(T, T.plusDays(400))).isEqualTo("34560000.0");
    assertThat(duration(T, T.plusSeconds(1).plusNanos(50_000_000))).isEqualTo("1.05");
  }

  @Test
  void durationMatchesTheExactDifferenceForAnyPairOfMicrosecondTimestamps() {
    Random random = new Random(42);
    LocalDateTime earliest = LocalDateTime.of(1, 1, 1, 0, 0);
    long span = ChronoUnit.MICROS.between(earliest, LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
    for (int i = 0; i < 10_000; i++) {
      LocalDateTime started = earliest.plus(Math.floorMod(random.nextLong(), span), ChronoUnit.MICROS);
      LocalDateTime finished = i % 2 == 0
          ? started.plus(random.nextInt(100_000_000), ChronoUnit.MICROS)
          : earliest.plus(Math.floorMod(random.nextLong(), span), ChronoUnit.MICROS);
      BigDecimal seconds = BigDecimal.valueOf(ChronoUnit.MICROS.between(started, finished), 6).stripTrailingZeros();
      String expected = seconds.scale() > 0 ? seconds.toPlainString() : seconds.setScale(1).toPlainString();
      assertThat(duration(started, finished)).as("%s → %s", started, finished).isEqualTo(expected);
    }
  }

  @Test
  void durationOfARunThatEndedBeforeItStartedIsNegative() {
    assertThat(duration(T, T.minusSeconds(2).minusNanos(500_000_000))).isEqualTo("-2.5");
    assertThat(duration(T, T.minusNanos(1_000))).isEqualTo("-0.000001");
  }

  @Test
  void postgresqlInfinitiesHaveNoIsoForm() {
    assertThat(JsonValues.timestamp(LocalDateTime.MAX)).isNull();
    assertThat(JsonValues.timestamp(LocalDateTime.MIN)).isNull();
    assertThat(JsonValues.timestamp(VERTX_MINUS_INFINITY)).isNull();
    assertThat(JsonValues.isInfinite(LocalDateTime.MAX)).isTrue();
    assertThat(JsonValues.isInfinite(LocalDateTime.MIN)).isTrue();
    assertThat(JsonValues.isInfinite(VERTX_MINUS_INFINITY)).isTrue();
    assertThat(JsonValues.isInfinite(T)).isFalse();
    assertThat(JsonValues.isInfinite(PG_EARLIEST)).isFalse();
    assertThat(JsonValues.isInfinite(PG_LATEST)).isFalse();
  }

  @Test
  void finiteYearsOutside0000To9999TakeTheExpandedFormTruncated() {
    assertThat(JsonValues.timestamp(PG_LATEST)).isEqualTo("+294276-12-31T23:59:59.999Z");
    assertThat(JsonValues.timestamp(PG_EARLIEST)).isEqualTo("-4712-01-01T00:00:00.000Z");
    assertThat(JsonValues.timestamp(LocalDateTime.of(10_000, 1, 1, 0, 0, 0, 999_999_000)))
        .isEqualTo("+10000-01-01T00:00:00.999Z");
    assertThat(JsonValues.timestamp(LocalDateTime.of(-1, 12, 31, 23, 59, 59, 1_000)))
        .isEqualTo("-0001-12-31T23:59:59.000Z");
  }

  @Test
  void durationIsExactAcrossPostgresqlsWholeRange() {
    // 298,989 years: more microseconds than a long holds.
    assertThat(duration(PG_EARLIEST, PG_LATEST)).isEqualTo(exactDuration(PG_EARLIEST, PG_LATEST))
        .isEqualTo("9435181535999.999999");
    assertThat(duration(PG_LATEST, PG_EARLIEST)).isEqualTo("-9435181535999.999999");
    Random random = new Random(7);
    long days = PG_LATEST.toLocalDate().toEpochDay() - PG_EARLIEST.toLocalDate().toEpochDay();
    for (int i = 0; i < 10_000; i++) {
      // Spans of 284,000 to 299,000 years: about half of them overflow a long of microseconds.
      LocalDateTime started = PG_EARLIEST.plusDays(Math.floorMod(random.nextLong(), days / 40))
          .plus(Math.floorMod(random.nextLong(), 86_400_000_000L), ChronoUnit.MICROS);
      LocalDateTime finished = PG_LATEST.minusDays(Math.floorMod(random.nextLong(), days / 40))
          .minus(Math.floorMod(random.nextLong(), 86_400_000_000L), ChronoUnit.MICROS);
      assertThat(duration(started, finished)).as("%s → %s", started, finished)
          .isEqualTo(exactDuration(started, finished));
      assertThat(duration(finished, started)).as("%s → %s", finished, started)
          .isEqualTo(exactDuration(finished, started));
    }
  }

  @Test
  void durationFitsItsBufferForAnyPairOfLocalDateTimes() {
    long seconds = ChronoUnit.SECONDS.between(LocalDateTime.MIN, LocalDateTime.MAX);
    assertThat(duration(LocalDateTime.MIN, LocalDateTime.MAX)).isEqualTo(seconds + ".999999");
    assertThat(duration(LocalDateTime.MAX, LocalDateTime.MIN)).isEqualTo("-" + seconds + ".999999");
  }
}
