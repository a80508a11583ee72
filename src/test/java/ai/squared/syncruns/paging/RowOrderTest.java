package ai.squared.syncruns.paging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class RowOrderTest {
  private static final LocalDateTime T = LocalDateTime.of(2026, 11, 2, 10, 0, 0, 123_456_000);

  @Test
  void newerFirstAndTiesByDescendingIdPass() {
    RowOrder order = RowOrder.newestFirst();
    assertThatCode(() -> {
      order.check(T, 5);
      order.check(T, 4);
      order.check(T.minusNanos(1_000), 9);
    }).doesNotThrowAnyException();
  }

  @Test
  void anOlderRunBeforeANewerOneFails() {
    RowOrder order = RowOrder.newestFirst();
    order.check(T, 5);
    assertThatThrownBy(() -> order.check(T.plusNanos(1_000), 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTieMustGoDownById() {
    RowOrder order = RowOrder.newestFirst();
    order.check(T, 5);
    assertThatThrownBy(() -> order.check(T, 5)).isInstanceOf(IllegalStateException.class);
    RowOrder other = RowOrder.newestFirst();
    other.check(T, 5);
    assertThatThrownBy(() -> other.check(T, 6)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void oldestFirstIsTheMirror() {
    RowOrder order = RowOrder.oldestFirst();
    assertThatCode(() -> {
      order.check(T, 4);
      order.check(T, 5);
      order.check(T.plusNanos(1_000), 1);
    }).doesNotThrowAnyException();
    assertThatThrownBy(() -> order.check(T, 9)).as("older after newer").isInstanceOf(IllegalStateException.class);
    RowOrder tie = RowOrder.oldestFirst();
    tie.check(T, 5);
    assertThatThrownBy(() -> tie.check(T, 5)).as("a tie must go up by id").isInstanceOf(IllegalStateException.class);
  }
}
