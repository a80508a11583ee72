package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.http.RequestHeadDeadline.ConnectionClock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The head deadline's arithmetic, one connection at a time, on made-up instants (ns). */
class ConnectionClockTest {
  private static final long FIRST = 10;
  private static final long NEXT = 70;

  @Test
  void aNewConnectionHasTheFirstHeadsBound() {
    ConnectionClock clock = new ConnectionClock(100, FIRST);
    assertThat(clock.overdue(110, NEXT)).isFalse();
    assertThat(clock.overdue(111, NEXT)).isTrue();
  }

  @Test
  void aRequestBeingAnsweredIsNeverOverdue() {
    ConnectionClock clock = new ConnectionClock(100, FIRST);
    AtomicBoolean answered = new AtomicBoolean();
    clock.serving(answered::get);
    assertThat(clock.overdue(1_000_000, NEXT)).as("however long the answer takes").isFalse();

    answered.set(true);
    assertThat(clock.overdue(2_000_000, NEXT)).as("the wait for the next head starts now").isFalse();
    assertThat(clock.overdue(2_000_070, NEXT)).isFalse();
    assertThat(clock.overdue(2_000_071, NEXT)).isTrue();
  }

  @Test
  void withoutAnIdleTimeoutTheWaitBetweenRequestsIsUnbounded() {
    ConnectionClock clock = new ConnectionClock(100, FIRST);
    clock.serving(() -> true);
    assertThat(clock.overdue(105, 0)).isFalse();
    assertThat(clock.overdue(Long.MAX_VALUE / 2, 0)).isFalse();
  }
}
