package ai.squared.syncruns.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0, 0);

  /** What the envelope writes for a run's duration (null ends are written as null before this). */
  private static String duration(LocalDateTime started, LocalDateTime finished) {
    char[] text = new char[JsonValues.DURATION_MAX_LENGTH];
    return new String(text, 0, JsonValues.writeDuration(started, finished, text));
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
}
