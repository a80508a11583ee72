package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;

/**
 * The server's two ways to the database: connections a caller holds (a transaction with a cursor,
 * a slow statement, the readiness probe), taken through {@link #held()}, and a pipelined client
 * for single statements.
 */
public record Database(HeldConnections held, SqlClient pipelined) {

  public static Database connect(Vertx vertx, AppConfig config, DatabaseUrl url) {
    return new Database(
        new HeldConnections(vertx, () -> PoolFactory.createHeld(vertx, config, url), config.dbConnectTimeoutMs()),
        PoolFactory.createPipelined(vertx, config, url));
  }

  public Future<Void> close() {
    return Future.join(held.close(), pipelined.close()).mapEmpty();
  }
}
