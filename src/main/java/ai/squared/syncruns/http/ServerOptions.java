package ai.squared.syncruns.http;

import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Deadline;
import io.vertx.core.http.HttpServerOptions;
import java.util.Optional;

/** What the API server and the management server share: address, limits, idle timeout, protocols. */
public final class ServerOptions {
  private ServerOptions() {
  }

  static HttpServerOptions on(AppConfig config, int port) {
    return new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(port)
        .setMaxInitialLineLength(config.httpMaxRequestLineLength())
        .setMaxHeaderSize(config.httpMaxHeaderSize())
        .setIdleTimeout(config.httpIdleTimeoutSeconds())
        // Vert.x's default is on; off, each connection is Vert.x's from its first byte, which the
        // head deadline and a quick shutdown need (see RequestHeadDeadline)
        .setHttp2ClearTextEnabled(config.http2Cleartext());
  }

  /**
   * Vert.x counts a connection idle when nothing was read or written on it, answer under way or not:
   * an idle timeout no longer than the time an answer may stay quiet (the database's bound, a stalled
   * reader's) drops such answers' connections before the server can answer 503 or cut cleanly.
   */
  public static Optional<String> idleTimeoutWarning(AppConfig config) {
    long idleMs = config.httpIdleTimeoutSeconds() * 1000L;
    long quietMs = Math.max(Deadline.requestBoundMs(config), config.streamStallTimeoutMs());
    if (idleMs == 0 || idleMs > quietMs) {
      return Optional.empty();
    }
    return Optional.of("HTTP_IDLE_TIMEOUT_SECONDS=" + config.httpIdleTimeoutSeconds() + " is not above the "
        + quietMs + " ms an answer may wait (the database's bound, or STREAM_STALL_TIMEOUT_MS): such answers "
        + "lose their connection instead of getting a 503 or a clean cut");
  }
}
