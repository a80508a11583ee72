package ai.squared.syncruns;

import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.config.ConfigLoader;
import ai.squared.syncruns.db.DatabaseUrl;
import ai.squared.syncruns.db.DemoData;
import ai.squared.syncruns.db.EmbeddedDatabase;
import ai.squared.syncruns.ops.Metrics;
import ai.squared.syncruns.ops.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts the server: configuration, the embedded database when no DATABASE_URL is given (with demo
 * data and a ready-to-paste curl line), the application, and graceful shutdown on SIGTERM / SIGINT.
 * A start-up failure is one line naming the cause and a non-zero exit.
 */
public final class Main {
  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  static {
    // Netty's buffer allocator registers its JFR events on its first allocation, which starts JFR's
    // metadata repository: about 0.1 s of an event loop in every start, for events that only a
    // recording would read. -Dio.netty.jfr.enabled=true brings them back.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private final Vertx vertx;
  private final String transportName;
  private volatile EmbeddedDatabase embedded;
  private volatile Application application;
  private volatile long shutdownTimeoutMs = 10_000;
  private final AtomicBoolean shuttingDown = new AtomicBoolean();

  private Main(Vertx vertx, String transportName) {
    this.vertx = vertx;
    this.transportName = transportName;
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger(); // java.util.logging lines go to Logback instead
    SLF4JBridgeHandler.install();
    AppConfig config;
    JsonObject settings;
    Vertx bootstrap = Vertx.vertx();
    try {
      // the main thread waits for the settings: they decide how the real Vert.x instance is built
      settings = ConfigLoader.load(bootstrap).await();
      config = ConfigLoader.fromJson(settings);
    } catch (RuntimeException invalid) {
      LOG.error("startup failed: {}", StartupFailures.describe(invalid));
      System.exit(1);
      return;
    } finally {
      bootstrap.close();
    }
    Transport transport;
    Vertx vertx;
    try {
      transport = TransportChoice.of(config.transport());
      vertx = build(config, transport);
    } catch (RuntimeException invalid) { // an OTEL_* variable the tracing SDK refuses, say
      LOG.error("startup failed: {}", StartupFailures.describe(invalid));
      System.exit(1);
      return;
    }
    ClassDataArchive.refused().ifPresent(archive -> LOG.warn("the class-data archive {} does not match this jar "
        + "(its path and build) or this JVM: starting without it, about a third slower; make it again "
        + "(docs/operations.md, \"The class-data archive\")", archive));
    Main main = new Main(vertx, transport.name());
    main.handleSignals();
    main.start(config, settings).onFailure(main::failStart);
  }

  private static Vertx build(AppConfig config, Transport transport) {
    VertxOptions options = new VertxOptions()
        .setEventLoopPoolSize(AppConfig.eventLoops());
    VertxBuilder builder = Vertx.builder().withTransport(transport);
    if (config.metricsEnabled()) {
      Metrics.enable(options, builder);
    }
    if (config.tracingEnabled()) {
      Tracing.enable(options, builder, Tracing.sdk(config));
    }
    return builder.with(options).build();
  }

  private Future<Void> start(AppConfig loaded, JsonObject settings) {
    shutdownTimeoutMs = loaded.shutdownTimeoutMs();
    return withDatabase(loaded, settings).compose(config -> Application.start(vertx, config).compose(app -> {
      application = app;
      LOG.info("listening on {}:{} ({})", config.httpHost(), app.port(), transportName);
      app.managementPort().ifPresent(port -> LOG.info("management (metrics, health) on {}:{}", config.httpHost(), port));
      return embedded == null ? Future.succeededFuture() : loadDemo(config, app.port());
    }));
  }

  /** The configured database, or the embedded one (with a random signing secret when none is set). */
  private Future<AppConfig> withDatabase(AppConfig config, JsonObject settings) {
    if (config.databaseUrl().isPresent()) {
      return Future.succeededFuture(config);
    }
    if (!EmbeddedDatabase.isPackaged()) {
      return Future.failedFuture(new IllegalStateException(
          "DATABASE_URL is not set, and this production build has no embedded PostgreSQL; "
              + "set DATABASE_URL=postgresql://user:password@host:5432/database"));
    }
    Path directory = config.embeddedDbDir().map(Path::of).orElseGet(EmbeddedDatabase::defaultDataDirectory);
    LOG.info("no DATABASE_URL: starting the embedded PostgreSQL in {}", directory);
    return vertx.executeBlocking(() -> EmbeddedDatabase.start(directory, config.embeddedDbPort()))
        .map(started -> {
          embedded = started;
          JsonObject local = settings.copy().put("DATABASE_URL", started.url());
          if (config.jwtSecret().isEmpty()) {
            local.put("JWT_SECRET", randomSecret());
          }
          return ConfigLoader.fromJson(local);
        });
  }

  private Future<Void> loadDemo(AppConfig config, int port) {
    DatabaseUrl url = DatabaseUrl.parse(config.databaseUrl().orElseThrow());
    return vertx.executeBlocking(() -> DemoData.loadIfEmpty(url)).map(loaded -> {
      DemoBanner.print(vertx, config, port, loaded);
      return null;
    });
  }

  private void failStart(Throwable failure) {
    LOG.error("startup failed: {}", StartupFailures.describe(failure));
    closeQuietly();
    System.exit(1);
  }

  /** The first SIGTERM or SIGINT stops gracefully; a repeated one changes nothing (SIGKILL forces). */
  private void handleSignals() {
    sun.misc.SignalHandler stop = signal -> {
      if (shuttingDown.compareAndSet(false, true)) {
        new Thread(this::shutdown, "shutdown").start();
      } else {
        LOG.info("already shutting down (SIG{}): in-flight responses still get up to {} ms", signal.getName(),
            shutdownTimeoutMs);
      }
    };
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), stop);
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), stop);
  }

  /** Graceful stop within the configured bound (plus a margin for the pool and the embedded database). */
  private void shutdown() {
    LOG.info("shutting down");
    if (application != null) {
      awaitQuietly(application.stop(), shutdownTimeoutMs + 2_000, "in-flight responses and the pool");
    }
    awaitQuietly(vertx.close(), 5_000, "Vert.x");
    closeEmbedded();
    LOG.info("stopped");
    System.exit(0);
  }

  /** Waits on this (non-event-loop) shutdown thread; a step that overruns its bound is logged and left. */
  private static void awaitQuietly(Future<?> step, long boundMs, String what) {
    CountDownLatch done = new CountDownLatch(1);
    step.onComplete(result -> done.countDown());
    try {
      if (!done.await(boundMs, TimeUnit.MILLISECONDS)) {
        LOG.warn("{} did not stop within {} ms; going on", what, boundMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly() {
    try {
      vertx.close();
    } finally {
      closeEmbedded();
    }
  }

  private void closeEmbedded() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (RuntimeException e) {
        LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
      embedded = null;
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
