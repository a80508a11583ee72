package ai.squared.syncruns.http;

import io.vertx.core.net.SocketAddress;
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
    return rc.request().scheme() + "://" + (authority == null ? localAuthority(rc) : authority.toString());
  }

  /** Without a Host header (HTTP/1.0 allows that): the address and port the request came in on. */
  private static String localAuthority(RoutingContext rc) {
    SocketAddress local = rc.request().localAddress();
    String host = local.hostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.port();
  }
}
