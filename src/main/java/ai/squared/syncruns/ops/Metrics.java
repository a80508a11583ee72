package ai.squared.syncruns.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.Endpoint;
import ai.squared.syncruns.db.Replica;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Prometheus metrics through Micrometer (vertx-micrometer-metrics): Vert.x's own HTTP server and
 * pool meters, labelled by route template, method and status (never the raw path, so the number of
 * series stays bounded), JVM memory and GC, and each event loop's lag.
 */
public final class Metrics {
  private static final long LAG_PROBE_MS = 500;
  /** The API's routes as Vert.x Web reports them. */
  private static final List<String> API_ROUTES = List.of("/api/v1/syncs/:sync_id/sync_runs",
      "/api/v1/syncs/:sync_id/sync_runs/:sync_run_id", "/api/v1/syncs/:sync_id/sync_runs/:sync_run_id/sync_records");

  private Metrics() {
  }

  /** Turns metrics on in the options, and has the builder make them (see {@link UnmeteredConnectionGuard}). */
  public static void enable(VertxOptions options, VertxBuilder builder) {
    builder.withMetrics(GuardedVertxMetrics.factory(new MicrometerMetricsFactory()));
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME, Label.NAMESPACE));
    // a request failed by a handler (401, 404…) is routed once more, to the failure handler, and
    // Vert.x Web then reports its route twice, joined by '>': keep the template alone
    API_ROUTES.forEach(route -> metrics.addLabelMatch(new Match().setDomain(MetricsDomain.HTTP_SERVER)
        .setLabel(Label.HTTP_ROUTE.toString()).setType(MatchType.REGEX).setValue(Pattern.quote(route) + ">.*")
        .setAlias(route)));
    options.setMetricsOptions(metrics
        // the method is whatever word the client sends: one new series per made-up method would let
        // anyone grow the scrape without bound (3,000 of them made it 213 MB), so those are OTHER
        .addLabelMatch(new Match().setDomain(MetricsDomain.HTTP_SERVER).setLabel(Label.HTTP_METHOD.toString())
            .setType(MatchType.REGEX).setValue("(?!(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|TRACE|CONNECT)$).*")
            .setAlias("OTHER"))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true)));
  }

  /**
   * Open connections of each database client, {@code sync_runs_db_connections{pool_name="…"}}: with
   * Vert.x's {@code vertx_pool_in_use}, the idle ones are {@code sync_runs_db_connections - vertx_pool_in_use}.
   */
  public static void watchConnections(Database database) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return;
    }
    connections(registry, "held", database.primary(), Endpoint::openHeldConnections);
    connections(registry, "pipelined", database.primary(), Endpoint::openPipelinedConnections);
    database.replicas().forEach(replica -> watchReplica(registry, replica));
    Gauge.builder("sync_runs_db_statements", database.primary(), Endpoint::pipelinedStatements)
        .tag("pool_name", "pipelined")
        .description("Statements on the pipelined connections, sent or waiting for room").register(registry);
  }

  /** Per replica: whether it serves reads now, how far behind the primary it was, requests it served. */
  private static void watchReplica(MeterRegistry registry, Replica replica) {
    Gauge.builder("sync_runs_db_replica_usable", replica, r -> r.usable() ? 1 : 0).tag("replica", replica.label())
        .description("1 while the replica serves reads: it answers and is no further behind than allowed")
        .register(registry);
    Gauge.builder("sync_runs_db_replica_lag_seconds", replica, r -> r.lagMs() / 1000.0).tag("replica", replica.label())
        .description("How far behind the primary the replica was at its last probe").register(registry);
    FunctionCounter.builder("sync_runs_db_replica_requests", replica, Replica::served).tag("replica", replica.label())
        .description("Requests the replica served").register(registry);
  }

  private static <T> void connections(MeterRegistry registry, String name, T client, ToDoubleFunction<T> open) {
    Gauge.builder("sync_runs_db_connections", client, open).tag("pool_name", name)
        .description("Open connections of the database client").register(registry);
  }

  /**
   * Measures how late a timer fires on the calling event loop: the time a request waits before its
   * loop gets to it. Exposed as {@code vertx_eventloop_lag_seconds{loop="…"}}.
   */
  public static void watchEventLoopLag(Vertx vertx) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return;
    }
    AtomicLong lagNanos = new AtomicLong();
    String loop = Thread.currentThread().getName();
    Gauge.builder("vertx_eventloop_lag_seconds", lagNanos, value -> value.get() / 1e9)
        .tag("loop", loop).description("How late the event loop ran a timer, last probe").register(registry);
    long[] expected = {System.nanoTime() + LAG_PROBE_MS * 1_000_000};
    vertx.setPeriodic(LAG_PROBE_MS, id -> {
      long now = System.nanoTime();
      lagNanos.set(Math.max(0, now - expected[0]));
      expected[0] = now + LAG_PROBE_MS * 1_000_000;
    });
  }
}
