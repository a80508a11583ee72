package ai.squared.syncruns.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageLinksTest {
  private static final String BASE = "http://api.test/api/v1/syncs/42/sync_runs";

  private static String page(long number, int perPage) {
    return BASE + "?page=" + number + "&per_page=" + perPage;
  }

  @Test
  void firstOfSeveralPagesHasNoPrevAndANext() {
    PageLinks links = PageLinks.of(BASE, 1, 10, Optional.empty(), 65);
    assertThat(links).isEqualTo(new PageLinks(page(1, 10), page(1, 10), null, page(2, 10), page(7, 10)));
  }

  @Test
  void middlePageHasBothNeighbours() {
    PageLinks links = PageLinks.of(BASE, 4, 10, Optional.empty(), 65);
    assertThat(links).isEqualTo(new PageLinks(page(4, 10), page(1, 10), page(3, 10), page(5, 10), page(7, 10)));
  }

  @Test
  void lastPageHasNoNext() {
    PageLinks links = PageLinks.of(BASE, 7, 10, Optional.empty(), 65);
    assertThat(links).isEqualTo(new PageLinks(page(7, 10), page(1, 10), page(6, 10), null, page(7, 10)));
  }

  @Test
  void pagePastTheEndPointsPrevAtTheLastPageAndHasNoNext() {
    PageLinks links = PageLinks.of(BASE, 50, 10, Optional.empty(), 65);
    assertThat(links).isEqualTo(new PageLinks(page(50, 10), page(1, 10), page(7, 10), null, page(7, 10)));
  }

  @Test
  void emptyCollectionHasOnePage() {
    PageLinks links = PageLinks.of(BASE, 1, 10, Optional.empty(), 0);
    assertThat(links).isEqualTo(new PageLinks(page(1, 10), page(1, 10), null, null, page(1, 10)));
  }

  @Test
  void exactMultipleDoesNotAddAnEmptyPage() {
    assertThat(PageLinks.lastPage(20, 10)).isEqualTo(2);
    assertThat(PageLinks.lastPage(21, 10)).isEqualTo(3);
    assertThat(PageLinks.lastPage(1, 1000)).isEqualTo(1);
  }

  @Test
  void statusComesLastInAlphabeticalOrder() {
    PageLinks links = PageLinks.of(BASE, 2, 5, Optional.of("in_progress"), 11);
    assertThat(links.self()).isEqualTo(BASE + "?page=2&per_page=5&status=in_progress");
    assertThat(links.next()).isEqualTo(BASE + "?page=3&per_page=5&status=in_progress");
  }

  @Test
  void largestPageNumbersDoNotOverflow() {
    PageLinks links = PageLinks.of(BASE, Integer.MAX_VALUE, 1000, Optional.empty(), 3_000_000_000L);
    assertThat(links.last()).isEqualTo(page(3_000_000, 1000));
    assertThat(links.prev()).isEqualTo(page(3_000_000, 1000));
    assertThat(links.next()).isNull();
  }
}
