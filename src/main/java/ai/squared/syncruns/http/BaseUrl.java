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
    boolean named = authority != null && !authority.host().isEmpty();
    return rc.request().scheme() + "://" + (named ? authority.toString() : localAuthority(rc));
  }

  /** Without a Host (HTTP/1.0 allows that) or with an empty one: the address and port the request came in on. */
  private static String localAuthority(RoutingContext rc) {
    SocketAddress local = rc.request().localAddress();
    String host = local.hostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.port();
  }
}
