package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageTotalTest {

  @Test
  void aPageThatIsNotFullSettlesTheCount() {
    assertThat(PageTotal.exact(0, 10, 0)).as("empty first page: no runs at all").isTrue();
    assertThat(PageTotal.exact(0, 10, 7)).isTrue();
    assertThat(PageTotal.exact(20, 10, 10)).as("full, nothing after it: the last page").isTrue();
  }

  @Test
  void aPageWithARunAfterItOrAnEmptyPagePastTheStartDoesNot() {
    assertThat(PageTotal.exact(0, 10, 11)).isFalse();
    assertThat(PageTotal.exact(20, 10, 11)).isFalse();
    assertThat(PageTotal.exact(20, 10, 0)).isFalse();
  }

  @Test
  void aRememberedCountMustLeaveRoomForTheRunAfterAFullPage() {
    assertThat(PageTotal.agrees(31, 20, 10, 11)).isTrue();
    assertThat(PageTotal.agrees(30, 20, 10, 11)).as("the look-ahead run is a 31st").isFalse();
    assertThat(PageTotal.agrees(5, 20, 10, 11)).isFalse();
  }

  @Test
  void aRememberedCountMustEndBeforeAnEmptyPage() {
    assertThat(PageTotal.agrees(20, 20, 10, 0)).isTrue();
    assertThat(PageTotal.agrees(3, 20, 10, 0)).isTrue();
    assertThat(PageTotal.agrees(21, 20, 10, 0)).as("a 21st run would be on this page").isFalse();
  }
}
