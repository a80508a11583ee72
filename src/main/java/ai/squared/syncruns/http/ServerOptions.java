package ai.squared.syncruns.http;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.http.HttpServerOptions;

/** What the API server and the management server share: address, limits, idle timeout, protocols. */
final class ServerOptions {
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
}
