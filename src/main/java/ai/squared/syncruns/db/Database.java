package ai.squared.syncruns.db;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The databases the server reads: the primary ({@code DATABASE_URL}), where migrations run, and the
 * read replicas ({@code DATABASE_REPLICA_URLS}). Every read goes to a replica the
 * {@link ReplicaMonitor} finds answering and caught up (no further behind than
 * DB_REPLICA_MAX_LAG_MS), in turn; with none such, to the primary.
 */
public final class Database {
  private final Endpoint primary;
  private final List<Replica> replicas;
  private final ReplicaMonitor monitor;
  private final AtomicInteger turn = new AtomicInteger();

  private Database(Endpoint primary, List<Replica> replicas, ReplicaMonitor monitor) {
    this.primary = primary;
    this.replicas = replicas;
    this.monitor = monitor;
  }

  /**
   * @param batchRows the most rows one batch of pipelined statements may return (0: no batches)
   */
  public static Database connect(Vertx vertx, AppConfig config, DatabaseUrl url, int batchRows) {
    Endpoint primary = Endpoint.connect(vertx, config, url, batchRows);
    List<Replica> replicas = new ArrayList<>();
    for (String replicaUrl : config.databaseReplicaUrls()) {
      DatabaseUrl parsed = DatabaseUrl.parse(replicaUrl);
      replicas.add(new Replica(Endpoint.connect(vertx, config, parsed, batchRows), parsed.label()));
    }
    ReplicaMonitor monitor = replicas.isEmpty() ? null : new ReplicaMonitor(vertx, primary, List.copyOf(replicas),
        config.dbReplicaMaxLagMs(), Deadline.probeBoundMs(config));
    if (monitor != null) {
      monitor.start();
    }
    return new Database(primary, List.copyOf(replicas), monitor);
  }

  public Endpoint primary() {
    return primary;
  }

  public List<Replica> replicas() {
    return replicas;
  }

  /** Where one request's statements go, within its deadline. */
  public Reads reads(Deadline deadline) {
    return new Reads(this, deadline);
  }

  /** A usable replica, in turn; else null (the primary serves). */
  Replica nextReplica() {
    int count = replicas.size();
    if (count == 0) {
      return null;
    }
    int start = Math.floorMod(turn.getAndIncrement(), count);
    for (int i = 0; i < count; i++) {
      Replica replica = replicas.get((start + i) % count);
      if (replica.usable()) {
        return replica;
      }
    }
    return null;
  }

  public Future<Void> close() {
    if (monitor != null) {
      monitor.stop();
    }
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(primary.close());
    replicas.forEach(replica -> closing.add(replica.endpoint().close()));
    return Future.join(closing).mapEmpty();
  }
}
