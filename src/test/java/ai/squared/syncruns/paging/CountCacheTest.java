package ai.squared.syncruns.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CountCacheTest {
  private static final long MS = 1_000_000;
  private static final CountCache.Key SYNC = new CountCache.Key(1001, -1);

  @Test
  void largeCountsAreReusedWithinTheTtl() {
    CountCache cache = new CountCache(1_000, 10_000);
    assertThat(cache.lookup(SYNC, 0)).isEmpty();
    cache.store(SYNC, 1_000_000, 0);
    assertThat(cache.lookup(SYNC, 999 * MS)).isEqualTo(OptionalLong.of(1_000_000));
  }

  @Test
  void smallCountsAreNeverCached() {
    CountCache cache = new CountCache(1_000, 10_000);
    cache.store(SYNC, 9_999, 0);
    assertThat(cache.lookup(SYNC, 1)).isEmpty();
  }

  @Test
  void afterTheTtlOneRequestRecountsWhileOthersKeepTheOldValue() {
    CountCache cache = new CountCache(1_000, 10_000);
    cache.store(SYNC, 50_000, 0);
    assertThat(cache.lookup(SYNC, 1_000 * MS)).as("the first after expiry counts").isEmpty();
    assertThat(cache.lookup(SYNC, 1_001 * MS)).as("the others meanwhile").isEqualTo(OptionalLong.of(50_000));
    assertThat(cache.lookup(SYNC, 5_000 * MS)).as("while the recount runs").isEqualTo(OptionalLong.of(50_000));
    cache.store(SYNC, 50_001, 5_000 * MS);
    assertThat(cache.lookup(SYNC, 5_001 * MS)).isEqualTo(OptionalLong.of(50_001));
  }

  @Test
  void aRecountThatNeverCameBackIsGivenUpOn() {
    CountCache cache = new CountCache(1_000, 10_000);
    cache.store(SYNC, 50_000, 0);
    assertThat(cache.lookup(SYNC, 1_000 * MS)).isEmpty();
    long later = 1_000 * MS + CountCache.RECOUNT_GIVE_UP_NANOS;
    assertThat(cache.lookup(SYNC, later)).as("another request recounts").isEmpty();
    assertThat(cache.lookup(SYNC, later + 1)).isEqualTo(OptionalLong.of(50_000));
  }

  @Test
  void statusFiltersAreCountedApart() {
    CountCache cache = new CountCache(1_000, 10);
    cache.store(SYNC, 100, 0);
    assertThat(cache.lookup(new CountCache.Key(1001, 5), 1)).isEmpty();
  }

  @Test
  void onlyLargeCountsAreKnownToBeSlow() {
    CountCache cache = new CountCache(1_000, 0);
    CountCache.Key small = new CountCache.Key(1, -1);
    cache.store(small, CountCache.SLOW_COUNT_ROWS - 1, 0);
    cache.store(SYNC, CountCache.SLOW_COUNT_ROWS, 0);
    assertThat(cache.knownLarge(small)).isFalse();
    assertThat(cache.knownLarge(SYNC)).isTrue();
    assertThat(cache.knownLarge(new CountCache.Key(2, -1))).as("never counted").isFalse();
  }

  @Test
  void requestsOnASyncBeingCountedWaitForThatCount() {
    CountCache cache = new CountCache(1_000, 0);
    CountCache.CountPlan first = cache.plan(SYNC, 0);
    CountCache.CountPlan second = cache.plan(SYNC, 1);
    assertThat(first.counting()).isTrue();
    assertThat(second.counting()).isFalse();
    assertThat(second.joined().isComplete()).isFalse();
    cache.store(SYNC, 42, 2);
    assertThat(second.joined().result()).isEqualTo(42);
    cache.abandon(SYNC);
    assertThat(cache.plan(SYNC, 3).cached()).as("then kept as usual").isEqualTo(OptionalLong.of(42));
  }

  @Test
  void whenTheCountingRequestGivesUpItsWaitersAreToldSo() {
    CountCache cache = new CountCache(1_000, 0);
    cache.plan(SYNC, 0);
    CountCache.CountPlan waiting = cache.plan(SYNC, 1);
    cache.abandon(SYNC);
    assertThat(waiting.joined().failed()).isTrue();
    assertThat(cache.plan(SYNC, 2).counting()).as("the next request counts").isTrue();
  }

  @Test
  void aStreamedPageNeitherWaitsNorIsWaitedFor() {
    CountCache cache = new CountCache(1_000, 0);
    CountCache.CountPlan first = cache.plan(SYNC, 0);
    CountCache.CountPlan alone = cache.planAlone(SYNC, 1);
    assertThat(first.leading()).isTrue();
    assertThat(alone.counting()).isTrue();
    assertThat(alone.leading()).isFalse();
    assertThat(cache.plan(SYNC, 2).joined()).as("still the first request's count").isNotNull();
  }

  @Test
  void withoutACacheEveryRequestCountsItself() {
    CountCache cache = new CountCache(0, 0);
    assertThat(cache.plan(SYNC, 0).counting()).isTrue();
    assertThat(cache.plan(SYNC, 1).counting()).isTrue();
  }

  @Test
  void zeroTtlDisablesTheCache() {
    CountCache cache = new CountCache(0, 0);
    cache.store(SYNC, 1_000_000, 0);
    assertThat(cache.lookup(SYNC, 0)).isEmpty();
  }
}
