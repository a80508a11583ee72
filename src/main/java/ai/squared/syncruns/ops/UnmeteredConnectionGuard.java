package ai.squared.syncruns.ops;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * HTTP server metrics that survive a connection Vert.x never reported as connected.
 *
 * <p>Vert.x 5.0.7 creates a server's metrics only once its socket is bound, and the event loop that
 * takes the first connections can get there first: such a connection carries no socket metric.
 * Micrometer's server metrics then throw on its first request, and the request is never answered
 * (the connection hangs until the idle timeout). Seen here once, a curl poll during a start. This
 * wrapper hands those connections a stand-in socket metric, so their requests are served and
 * counted like any other; a connection that was never counted is not "disconnected" either.
 */
final class UnmeteredConnectionGuard<R, W, S> implements HttpServerMetrics<R, W, S> {
  private final HttpServerMetrics<R, W, S> metrics;
  /** Made as a connection that opened and closed at once, so the open-connections gauge stays true. */
  private final S standIn;

  private UnmeteredConnectionGuard(HttpServerMetrics<R, W, S> metrics, SocketAddress localAddress) {
    this.metrics = metrics;
    this.standIn = metrics.connected(localAddress, null);
    metrics.disconnected(standIn, localAddress);
  }

  static <R, W, S> HttpServerMetrics<R, W, S> guard(HttpServerMetrics<R, W, S> metrics, SocketAddress localAddress) {
    return metrics == null ? null : new UnmeteredConnectionGuard<>(metrics, localAddress);
  }

  private S orStandIn(S socketMetric) {
    return socketMetric != null ? socketMetric : standIn;
  }

  @Override
  public S connected(SocketAddress remoteAddress, String remoteName) {
    return metrics.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(S socketMetric, SocketAddress remoteAddress) {
    if (socketMetric != null) {
      metrics.disconnected(socketMetric, remoteAddress);
    }
  }

  @Override
  public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    metrics.bytesRead(orStandIn(socketMetric), remoteAddress, numberOfBytes);
  }

  @Override
  public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    metrics.bytesWritten(orStandIn(socketMetric), remoteAddress, numberOfBytes);
  }

  @Override
  public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
    metrics.exceptionOccurred(orStandIn(socketMetric), remoteAddress, t);
  }

  @Override
  public R requestBegin(S socketMetric, HttpRequest request) {
    return metrics.requestBegin(orStandIn(socketMetric), request);
  }

  @Override
  public void requestEnd(R requestMetric, HttpRequest request, long bytesRead) {
    metrics.requestEnd(requestMetric, request, bytesRead);
  }

  @Override
  public void requestReset(R requestMetric) {
    metrics.requestReset(requestMetric);
  }

  @Override
  public void responseBegin(R requestMetric, HttpResponse response) {
    metrics.responseBegin(requestMetric, response);
  }

  @Override
  public R responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return metrics.responsePushed(orStandIn(socketMetric), method, uri, response);
  }

  @Override
  public void responseEnd(R requestMetric, HttpResponse response, long bytesWritten) {
    metrics.responseEnd(requestMetric, response, bytesWritten);
  }

  @Override
  public W connected(S socketMetric, R requestMetric, ServerWebSocket serverWebSocket) {
    return metrics.connected(orStandIn(socketMetric), requestMetric, serverWebSocket);
  }

  @Override
  public void disconnected(W serverWebSocketMetric) {
    metrics.disconnected(serverWebSocketMetric);
  }

  @Override
  public void requestRouted(R requestMetric, String route) {
    metrics.requestRouted(requestMetric, route);
  }

  @Override
  public void close() {
    metrics.close();
  }
}
