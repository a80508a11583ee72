package ai.squared.syncruns.paging;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The {@code links} object of SPEC §1: absolute URIs of the pages around the current one. */
public record PageLinks(String self, String first, String prev, String next, String last) {

  /**
   * @param collectionUrl absolute URL of the collection, e.g. {@code http://host/api/v1/syncs/42/sync_runs}
   * @param status the status filter's value, as the API names it
   * @param count items that match the request (their parent, not discarded, the status filter)
   */
  public static PageLinks of(String collectionUrl, int page, int perPage, Optional<String> status, long count) {
    long lastPage = lastPage(count, perPage);
    String statusSuffix = status.map(name -> "&status=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
        .orElse("");
    String prefix = collectionUrl + "?page=";
    String perPageSuffix = "&per_page=" + perPage + statusSuffix;
    return new PageLinks(
        prefix + page + perPageSuffix,
        prefix + 1 + perPageSuffix,
        page == 1 ? null : prefix + Math.min(page - 1, lastPage) + perPageSuffix,
        page < lastPage ? prefix + (page + 1) + perPageSuffix : null,
        prefix + lastPage + perPageSuffix);
  }

  /** {@code max(1, ceil(count / perPage))}. */
  public static long lastPage(long count, int perPage) {
    return Math.max(1, (count + perPage - 1) / perPage);
  }
}
