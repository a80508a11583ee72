package ai.squared.syncruns.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection Vert.x never reported as connected (no socket metric: it was accepted before the
 * server's metrics existed) still has its request counted, and its close leaves the gauge true.
 * Micrometer's own server metrics, unguarded, throw on such a request.
 */
class UnmeteredConnectionGuardTest {
  private static final SocketAddress LOCAL = SocketAddress.inetSocketAddress(8080, "0.0.0.0");
  private static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(50000, "127.0.0.1");

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private VertxMetrics vertxMetrics;

  @AfterEach
  void close() {
    vertxMetrics.close();
  }

  private VertxMetrics micrometer() {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setRegistryName("guard-test").setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE)));
    return new MicrometerMetricsFactory(registry).metrics(options);
  }

  @SuppressWarnings("unchecked")
  private static HttpServerMetrics<Object, Object, Object> serverMetrics(VertxMetrics metrics) {
    return (HttpServerMetrics<Object, Object, Object>) metrics.createHttpServerMetrics(new HttpServerOptions(), LOCAL);
  }

  private double served(int status) {
    var counter = Search.in(registry).name("vertx.http.server.requests").tag("code", String.valueOf(status)).counter();
    return counter == null ? 0 : counter.count();
  }

  private double openConnections() {
    return Search.in(registry).name("vertx.http.server.active.connections").gauges().stream()
        .mapToDouble(gauge -> gauge.value()).sum();
  }

  @Test
  void unguardedMicrometerThrowsOnARequestWithoutSocketMetric() {
    vertxMetrics = micrometer();
    HttpServerMetrics<Object, Object, Object> server = serverMetrics(vertxMetrics);
    assertThatThrownBy(() -> server.requestBegin(null, request())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aConnectionWithoutSocketMetricIsServedAndCounted() {
    vertxMetrics = GuardedVertxMetrics.factory(options -> micrometer()).metrics(new VertxOptions());
    HttpServerMetrics<Object, Object, Object> server = serverMetrics(vertxMetrics);
    assertThat(openConnections()).isZero();

    Object counted = server.connected(REMOTE, null);
    assertThat(openConnections()).isEqualTo(1);

    Object requestMetric = server.requestBegin(null, request());
    server.requestEnd(requestMetric, request(), 40);
    server.responseBegin(requestMetric, response(200));
    server.responseEnd(requestMetric, response(200), 120);
    server.bytesRead(null, REMOTE, 40);
    server.bytesWritten(null, REMOTE, 120);
    server.exceptionOccurred(null, REMOTE, new RuntimeException("reset"));
    server.disconnected(null, REMOTE);
    assertThat(served(200)).isEqualTo(1);
    assertThat(openConnections()).isEqualTo(1); // the unmetered close did not uncount the counted connection

    server.disconnected(counted, REMOTE);
    assertThat(openConnections()).isZero();
  }

  private static HttpRequest request() {
    return new HttpRequest() {
      @Override
      public int id() {
        return 1;
      }

      @Override
      public String uri() {
        return "/health/live";
      }

      @Override
      public String absoluteURI() {
        return "http://localhost:8080/health/live";
      }

      @Override
      public HttpMethod method() {
        return HttpMethod.GET;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }

      @Override
      public SocketAddress remoteAddress() {
        return REMOTE;
      }
    };
  }

  private static HttpResponse response(int status) {
    return new HttpResponse() {
      @Override
      public int statusCode() {
        return status;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }
    };
  }
}
