package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagePositionsTest {
  private static final long MS = 1_000_000;
  private static final PagePositions.Key PAGE = new PagePositions.Key(1001, -1, 500_000);
  private static final LocalDateTime AT = LocalDateTime.of(2026, 1, 1, 0, 0);

  @Test
  void oneRequestSkipsWhileTheOthersWaitForWhatItFinds() {
    PagePositions positions = new PagePositions(1_000, 10_000);
    assertThat(positions.lookup(PAGE, 0).result()).as("the first skips").isEmpty();
    Future<Optional<PagePositions.Start>> second = positions.lookup(PAGE, 1);
    assertThat(second.isComplete()).as("the second waits").isFalse();
    positions.found(PAGE, AT, 42, 2);
    positions.done(PAGE);
    assertThat(second.result()).contains(new PagePositions.Start(AT, 42));
    assertThat(positions.lookup(PAGE, 999 * MS).result()).contains(new PagePositions.Start(AT, 42));
  }

  @Test
  void afterTheTtlOneRequestRefreshesWhileOthersSeekToTheOldStart() {
    PagePositions positions = new PagePositions(1_000, 10_000);
    positions.lookup(PAGE, 0);
    positions.found(PAGE, AT, 42, 0);
    positions.done(PAGE);
    assertThat(positions.lookup(PAGE, 1_000 * MS).result()).as("this one refreshes").isEmpty();
    assertThat(positions.lookup(PAGE, 1_001 * MS).result()).contains(new PagePositions.Start(AT, 42));
    positions.found(PAGE, AT.plusSeconds(1), 43, 1_002 * MS);
    positions.done(PAGE);
    assertThat(positions.lookup(PAGE, 1_003 * MS).result()).contains(new PagePositions.Start(AT.plusSeconds(1), 43));
  }

  @Test
  void waitersOfAFailedOrEmptySkipSkipThemselves() {
    PagePositions positions = new PagePositions(1_000, 10_000);
    positions.lookup(PAGE, 0);
    Future<Optional<PagePositions.Start>> waiting = positions.lookup(PAGE, 1);
    positions.done(PAGE);
    assertThat(waiting.result()).isEmpty();
  }

  @Test
  void onlyDeepOffsetsAndAPositiveTtlCount() {
    SyncRunsQuery shallow = new SyncRunsQuery(1, Optional.empty(), 1, 1, Optional.empty(), 2, 10);
    SyncRunsQuery deep = new SyncRunsQuery(1, Optional.empty(), 1, 1, Optional.empty(), 1001, 10);
    assertThat(new PagePositions(1_000, 10_000).deep(shallow)).isFalse();
    assertThat(new PagePositions(1_000, 10_000).deep(deep)).isTrue();
    assertThat(new PagePositions(0, 10_000).deep(deep)).isFalse();
  }
}
