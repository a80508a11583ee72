package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class NewestFirstTest {
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0, 0, 123_456_000);

  @Test
  void newerFirstAndTiesByDescendingIdPass() {
    NewestFirst order = new NewestFirst();
    assertThatCode(() -> {
      order.check(T, 5);
      order.check(T, 4);
      order.check(T.minusNanos(1_000), 9);
    }).doesNotThrowAnyException();
  }

  @Test
  void anOlderRunBeforeANewerOneFails() {
    NewestFirst order = new NewestFirst();
    order.check(T, 5);
    assertThatThrownBy(() -> order.check(T.plusNanos(1_000), 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTieMustGoDownById() {
    NewestFirst order = new NewestFirst();
    order.check(T, 5);
    assertThatThrownBy(() -> order.check(T, 5)).isInstanceOf(IllegalStateException.class);
    NewestFirst other = new NewestFirst();
    other.check(T, 5);
    assertThatThrownBy(() -> other.check(T, 6)).isInstanceOf(IllegalStateException.class);
  }
}
