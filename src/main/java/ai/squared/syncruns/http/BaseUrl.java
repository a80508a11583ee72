package ai.squared.syncruns.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The base of absolute links: the configured public URL when set, else the scheme and host the
 * request came in on (behind a proxy, set PUBLIC_BASE_URL).
 */
public final class BaseUrl {
  private final Optional<String> configured;

  public BaseUrl(Optional<String> configured) {
    this.configured = configured;
  }

  public String of(RoutingContext rc) {
    if (configured.isPresent()) {
      return configured.get();
    }
    var authority = rc.request().authority();
    String host = authority == null ? rc.request().localAddress().hostAddress() : authority.toString();
    return rc.request().scheme() + "://" + host;
  }
}
