package ai.squared.syncruns.paging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTotalsTest {

  @Test
  void aPageThatIsNotFullSettlesTheCount() {
    assertThat(PageTotals.exact(0, 10, 0)).as("empty first page: no runs at all").isTrue();
    assertThat(PageTotals.exact(0, 10, 7)).isTrue();
    assertThat(PageTotals.exact(20, 10, 10)).as("full, nothing after it: the last page").isTrue();
  }

  @Test
  void aPageWithARunAfterItOrAnEmptyPagePastTheStartDoesNot() {
    assertThat(PageTotals.exact(0, 10, 11)).isFalse();
    assertThat(PageTotals.exact(20, 10, 11)).isFalse();
    assertThat(PageTotals.exact(20, 10, 0)).isFalse();
  }

  @Test
  void aRememberedCountMustLeaveRoomForTheRunAfterAFullPage() {
    assertThat(PageTotals.agrees(31, 20, 10, 11)).isTrue();
    assertThat(PageTotals.agrees(30, 20, 10, 11)).as("the look-ahead run is a 31st").isFalse();
    assertThat(PageTotals.agrees(5, 20, 10, 11)).isFalse();
  }

  @Test
  void aRememberedCountMustEndBeforeAnEmptyPage() {
    assertThat(PageTotals.agrees(20, 20, 10, 0)).isTrue();
    assertThat(PageTotals.agrees(3, 20, 10, 0)).isTrue();
    assertThat(PageTotals.agrees(21, 20, 10, 0)).as("a 21st run would be on this page").isFalse();
  }
}
