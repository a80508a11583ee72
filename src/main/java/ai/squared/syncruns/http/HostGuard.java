package ai.squared.syncruns.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Vert.x 5.0.7 reads the Host header lazily, and its parser throws on a percent-escape such as
 * {@code ex%41mple.com} ({@code HostAndPortImpl.parseRegName} indexes the string by the escape
 * character's value) from inside the router, which then never answers: the connection waited for
 * the idle timeout. Such a request gets its 400 here, before the router, and its connection is closed.
 */
final class HostGuard {
  private HostGuard() {
  }

  static Handler<HttpServerRequest> before(Handler<HttpServerRequest> next) {
    return request -> {
      try {
        request.authority();
      } catch (RuntimeException unreadable) {
        InvalidRequestHandler.answer(request, ApiError.badRequest(List.of(ErrorHandler.INVALID_HOST)));
        return;
      }
      next.handle(request);
    };
  }
}
