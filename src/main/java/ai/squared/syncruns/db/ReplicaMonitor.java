package ai.squared.syncruns.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Probes the replicas every {@link #PERIOD_MS} and decides which may serve reads. A replica's lag is
 * measured against the primary, not by its last replay time (which stands still on an idle primary,
 * so a caught-up replica would look ever staler): the primary's WAL position is sampled with the
 * time it was seen, and a replica is as far behind as the oldest sample it has not replayed yet
 * (0 when it has replayed the newest). While the primary cannot be probed no sample is added, so the
 * replicas are judged against what it last wrote: they cannot fall behind a primary that writes
 * nothing. A server that is not in recovery (a promoted replica, or not a replica at all) is never
 * behind. Runs on one context of its own.
 */
final class ReplicaMonitor {
  static final long PERIOD_MS = 250;
  /** Samples kept at most: far more than DB_REPLICA_MAX_LAG_MS needs at this period. */
  private static final int MAX_SAMPLES = 10_000;
  private static final String PRIMARY_POSITION = """
      SELECT pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()
                                  ELSE pg_current_wal_lsn() END, '0/0')::bigint""";
  private static final String REPLICA_POSITION =
      "SELECT pg_is_in_recovery(), pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint";

  private final Vertx vertx;
  private final Endpoint primary;
  private final List<Replica> replicas;
  private final long maxLagMs;
  private final long probeBoundMs;
  /** The primary's WAL position when it was seen: (nanoTime, position), oldest first, positions rising. */
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();
  /** Each replica's last replayed position (of one in recovery that answered), to prune samples by. */
  private final long[] replayed;
  private final Context context;
  private long timer = -1;

  ReplicaMonitor(Vertx vertx, Endpoint primary, List<Replica> replicas, long maxLagMs, long probeBoundMs) {
    this.vertx = vertx;
    this.primary = primary;
    this.replicas = replicas;
    this.maxLagMs = maxLagMs;
    this.probeBoundMs = probeBoundMs;
    this.replayed = new long[replicas.size()];
    Arrays.fill(replayed, Long.MAX_VALUE);
    this.context = vertx.getOrCreateContext();
  }

  void start() {
    context.runOnContext(v -> {
      probe();
      timer = vertx.setPeriodic(PERIOD_MS, id -> probe());
    });
  }

  void stop() {
    context.runOnContext(v -> vertx.cancelTimer(timer));
  }

  private void probe() {
    Deadline deadline = Deadline.in(vertx, probeBoundMs);
    deadline.bound(primary.execute(PRIMARY_POSITION, Tuple.tuple(), 1, deadline))
        .onSuccess(rows -> sample(position(rows.iterator().next())));
    for (int i = 0; i < replicas.size(); i++) {
      Replica replica = replicas.get(i);
      int index = i;
      Deadline own = Deadline.in(vertx, probeBoundMs);
      own.bound(replica.endpoint().execute(REPLICA_POSITION, Tuple.tuple(), 1, own)).onComplete(probed -> {
        if (probed.failed()) {
          replica.out(DatabaseFailures.unavailability(probed.cause()).getMessage());
          return;
        }
        Row row = probed.result().iterator().next();
        boolean inRecovery = row.getBoolean(0);
        replayed[index] = inRecovery ? position(row.getValue(1)) : Long.MAX_VALUE;
        replica.answered(inRecovery ? lagMs(replayed[index]) : 0, inRecovery, maxLagMs);
      });
    }
    prune();
  }

  private void sample(long position) {
    long[] newest = samples.peekLast();
    if (newest == null || position > newest[1]) {
      samples.addLast(new long[] {System.nanoTime(), position});
      if (samples.size() > MAX_SAMPLES) {
        samples.pollFirst();
      }
    }
  }

  /** ms since the oldest primary position the replica, at {@code replayed}, has not replayed; 0 when none. */
  private long lagMs(long replayed) {
    for (long[] sample : samples) {
      if (sample[1] > replayed) {
        return (System.nanoTime() - sample[0]) / 1_000_000;
      }
    }
    return 0;
  }

  /** Samples every replica in recovery has replayed are of no more use, but the newest. */
  private void prune() {
    while (samples.size() > 1 && samples.peekFirst()[1] <= slowestReplayed()) {
      samples.pollFirst();
    }
  }

  private long slowestReplayed() {
    return Arrays.stream(replayed).min().orElse(Long.MAX_VALUE);
  }

  private static long position(Row row) {
    return position(row.getValue(0));
  }

  /** A position as the statements give it (bigint bytes); an unknown one (NULL) as the very start. */
  private static long position(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
