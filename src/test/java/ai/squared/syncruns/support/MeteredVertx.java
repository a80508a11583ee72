package ai.squared.syncruns.support;

import ai.squared.syncruns.ops.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;

/** A Vert.x instance with the server's metrics, made the way Main makes it. */
public final class MeteredVertx {
  private MeteredVertx() {
  }

  public static Vertx create() {
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    Metrics.enable(options, builder);
    return builder.with(options).build();
  }
}
