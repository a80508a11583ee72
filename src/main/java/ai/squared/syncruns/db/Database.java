package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The databases the server reads: the primary ({@code DATABASE_URL}), where migrations run and which
 * serves the reads.
 */
public final class Database {
  private final Endpoint primary;

  private Database(Endpoint primary) {
    this.primary = primary;
  }

  /**
   * @param batchRows the most rows one batch of pipelined statements may return (0: no batches)
   */
  public static Database connect(Vertx vertx, AppConfig config, DatabaseUrl url, int batchRows) {
    return new Database(Endpoint.connect(vertx, config, url, batchRows));
  }

  public Endpoint primary() {
    return primary;
  }

  /** Where one request's statements go, within its deadline. */
  public Reads reads(Deadline deadline) {
    return new Reads(primary, deadline);
  }

  public Future<Void> close() {
    return primary.close();
  }
}
