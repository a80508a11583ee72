package ai.squared.syncruns.runs;

/**
 * What a page tells about the count behind its links. Every page is read with one run more than it
 * returns (the look-ahead), so after reading it is known exactly whether a next page exists; and a
 * page that is not full (or an empty first page) gives the exact count by itself: its offset plus
 * its runs. A count from the cache is used only where it agrees with the page.
 */
final class PageTotal {
  private PageTotal() {
  }

  /**
   * Whether the page settles the count by itself ({@code offset + seen}).
   *
   * @param seen runs read, look-ahead included (0 … perPage + 1)
   */
  static boolean exact(long offset, int perPage, int seen) {
    return seen <= perPage && (seen > 0 || offset == 0);
  }

  /**
   * Whether a remembered count fits a page that does not settle it: a full page with a run after it
   * needs more than {@code offset + perPage} runs, an empty page past the start at most
   * {@code offset}.
   */
  static boolean agrees(long count, long offset, int perPage, int seen) {
    return seen > perPage ? count > offset + perPage : count <= offset;
  }
}
