package ai.squared.syncruns.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
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
    HostAndPort authority = requestedAuthority(rc.request());
    boolean named = authority != null && !authority.host().isEmpty();
    return rc.request().scheme() + "://" + (named ? text(authority) : localAuthority(rc));
  }

  /**
   * The authority of an HTTP/1 absolute-form request target ({@code GET http://host/path}), which
   * RFC 9112 3.2.2 puts before the Host header, without any userinfo; else Host's.
   */
  private static HostAndPort requestedAuthority(HttpServerRequest request) {
    String target = request.uri();
    int from = target.regionMatches(true, 0, "http://", 0, 7) ? 7
        : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
    if (from > 0 && request.version() != HttpVersion.HTTP_2) {
      int end = from;
      while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
        end++;
      }
      int userinfo = target.lastIndexOf('@', end - 1);
      try {
        HostAndPort parsed = HostAndPort.parseAuthority(target.substring(Math.max(from, userinfo + 1), end), -1);
        if (parsed != null && !parsed.host().isEmpty()) {
          return parsed;
        }
      } catch (RuntimeException unreadable) {
        // see HostGuard: Vert.x's parser throws on some percent-escapes; Host then decides
      }
    }
    return request.authority();
  }

  /** {@code host:port}, without the port when there is none or it is empty ({@code Host: example.com:}). */
  private static String text(HostAndPort authority) {
    return authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
  }

  /** Without a Host (HTTP/1.0 allows that) or with an empty one: the address and port the request came in on. */
  private static String localAuthority(RoutingContext rc) {
    SocketAddress local = rc.request().localAddress();
    String host = local.hostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + local.port();
  }
}
