package ai.squared.syncruns.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;

/** The Prometheus scrape, on the API's router or the management one. */
public final class MetricsRoute {
  private MetricsRoute() {
  }

  /** Mounts GET {@code path}, when Vert.x was built with metrics (METRICS_ENABLED); else nothing. */
  public static void mount(Router router, String path, Handler<RoutingContext> before) {
    if (BackendRegistries.getDefaultNow() != null) {
      router.get(path).handler(before).handler(rc -> {
        rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store"); // a scrape is of this moment
        rc.next();
      }).handler(PrometheusScrapingHandler.create());
    }
  }
}
