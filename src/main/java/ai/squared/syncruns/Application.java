package ai.squared.syncruns;

import ai.squared.syncruns.auth.VerificationKeys;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.Database;
import ai.squared.syncruns.db.DatabaseUrl;
import ai.squared.syncruns.db.Migrations;
import ai.squared.syncruns.db.Deadline;
import ai.squared.syncruns.db.Endpoint;
import ai.squared.syncruns.db.SchemaHistory;
import ai.squared.syncruns.http.ApiVerticle;
import ai.squared.syncruns.http.ContractDocument;
import ai.squared.syncruns.http.ManagementVerticle;
import ai.squared.syncruns.http.ServerOptions;
import ai.squared.syncruns.ops.Metrics;
import ai.squared.syncruns.runs.SyncRunsHandler;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server on a given database: migrations (when enabled), the pool, the contract, and one HTTP
 * verticle per event loop. {@link #start} succeeds only when all of them did; {@link #stop} undoes
 * them in reverse, gracefully. Used by {@link Main} and by the tests alike.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final int START_ATTEMPTS = 5;

  private final Vertx vertx;
  private final Database database;
  private final List<String> deploymentIds;
  private final int port;
  private final OptionalInt managementPort;

  private Application(Vertx vertx, Database database, List<String> deploymentIds, int port,
                      OptionalInt managementPort) {
    this.vertx = vertx;
    this.database = database;
    this.deploymentIds = deploymentIds;
    this.port = port;
    this.managementPort = managementPort;
  }

  public static Future<Application> start(Vertx vertx, AppConfig config) {
    DatabaseUrl url = DatabaseUrl.parse(config.databaseUrl().orElseThrow(
        () -> new IllegalStateException("no database URL")));
    ServerOptions.idleTimeoutWarning(config).ifPresent(LOG::warn);
    // read and resolved while the database answers: the two do not depend on each other
    Future<ContractDocument> document = vertx.executeBlocking(() -> ContractDocument.load(config.perPageMax()));
    Future<OpenAPIContract> contract = document.compose(loaded -> OpenAPIContract.from(vertx, loaded.json()));
    return VerificationKeys.load(vertx, config).compose(keys -> {
      // traced, each request's statement is a span of its own: a batch's would belong to one of them
      Database database = Database.connect(vertx, config, url,
          config.tracingEnabled() ? 0 : SyncRunsHandler.LARGEST_ONE_ROUND_TRIP_ROWS);
      Metrics.watchConnections(database);
      return checkDatabase(vertx, config, database.primary(), url, START_ATTEMPTS)
          .compose(ok -> migrate(vertx, config, url, database.primary()))
          .compose(ok -> contract)
          .compose(resolved -> deploy(vertx, config, database, keys, document.result(), resolved))
          .onFailure(failure -> database.close());
    });
  }

  /** Applies the migrations when enabled; a history that already lists exactly these skips Flyway. */
  private static Future<Void> migrate(Vertx vertx, AppConfig config, DatabaseUrl url, Endpoint primary) {
    if (!config.dbMigrate()) {
      return Future.succeededFuture();
    }
    // a database that stops answering must stop the start, not hold it
    Deadline deadline = Deadline.in(vertx, Deadline.probeBoundMs(config));
    Future<Boolean> listed = deadline.bound(SchemaHistory.listsPackagedMigrations(vertx, primary, deadline));
    return listed.compose(upToDate -> {
      if (upToDate) {
        LOG.info("database schema up to date (the history lists the packaged migrations)");
        return Future.succeededFuture();
      }
      return vertx.executeBlocking(() -> Migrations.apply(url)).map(result -> {
        if (result.migrationsExecuted == 0) {
          LOG.info("database schema up to date");
        } else {
          LOG.info("applied {} migrations; schema at version {}", result.migrationsExecuted, result.targetSchemaVersion);
        }
        return null;
      });
    });
  }

  /**
   * The first query, each attempt bounded like a readiness probe, retried for a few connect timeouts:
   * a database that is still starting gets a chance.
   */
  private static Future<Void> checkDatabase(Vertx vertx, AppConfig config, Endpoint primary, DatabaseUrl url,
                                            int attemptsLeft) {
    Deadline deadline = Deadline.in(vertx, Deadline.probeBoundMs(config));
    return deadline.bound(primary.execute("SELECT 1", Tuple.tuple(), 1, deadline)).<Void>mapEmpty()
        .recover(failure -> {
          if (attemptsLeft <= 1 || StartupFailures.refusedStartupParameter(failure).isPresent()) {
            return Future.failedFuture(
                new IllegalStateException("database " + url.redacted() + " unreachable: " + failure.getMessage()));
          }
          return vertx.timer(500).compose(v -> checkDatabase(vertx, config, primary, url, attemptsLeft - 1));
        });
  }

  private static Future<Application> deploy(Vertx vertx, AppConfig config, Database database,
                                            VerificationKeys keys, ContractDocument document,
                                            OpenAPIContract contract) {
    List<ApiVerticle> verticles = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
      ApiVerticle verticle = new ApiVerticle(config, contract, document, database, keys);
      verticles.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(config.effectiveHttpInstances()))
        .compose(apiId -> {
          int apiPort = verticles.get(0).actualPort();
          if (config.managementPort().isEmpty()) {
            return Future.succeededFuture(new Application(vertx, database, List.of(apiId), apiPort, OptionalInt.empty()));
          }
          ManagementVerticle management = new ManagementVerticle(config, database);
          return vertx.deployVerticle(management)
              .map(managementId -> new Application(vertx, database, List.of(managementId, apiId), apiPort,
                  OptionalInt.of(management.actualPort())))
              .onFailure(failure -> vertx.undeploy(apiId));
        });
  }

  /** The port the server listens on (the real one when configured with 0). */
  public int port() {
    return port;
  }

  /** The separate management port (MANAGEMENT_PORT), when there is one. */
  public OptionalInt managementPort() {
    return managementPort;
  }

  /** Stops accepting, lets in-flight responses finish (bounded by SHUTDOWN_TIMEOUT_MS), closes the pool. */
  public Future<Void> stop() {
    return Future.join(deploymentIds.stream().map(vertx::undeploy).toList())
        .<Void>mapEmpty().eventually(database::close);
  }
}
