package ai.squared.syncruns.db;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read replica (DATABASE_REPLICA_URLS): its connections and whether it may serve reads now. The
 * {@link ReplicaMonitor} decides that from its probes; a request that finds it failing takes it out
 * at once. It rejoins only after two probes in a row found it answering and caught up, so that a
 * replica that answers probes but not requests does not go in and out on every request. Each change
 * is one log line.
 */
public final class Replica {
  private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
  private static final int PROBES_TO_REJOIN = 2;

  private final Endpoint endpoint;
  private final String label;
  private final LongAdder served = new LongAdder();
  private volatile boolean usable;
  private volatile long lagMs;
  private int goodProbes;
  private boolean joinedOnce;
  private boolean saidNotInRecovery;

  Replica(Endpoint endpoint, String label) {
    this.endpoint = endpoint;
    this.label = label;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** host:port/database, for metrics and logs (no credentials). */
  public String label() {
    return label;
  }

  public boolean usable() {
    return usable;
  }

  /** How far behind the primary it was at the last probe, in ms (0 when caught up or not a replica). */
  public long lagMs() {
    return lagMs;
  }

  /** Requests it has served. */
  public long served() {
    return served.sum();
  }

  void servedOne() {
    served.increment();
  }

  /**
   * A request met it failing (it could not connect, lost its session, or waited past its deadline),
   * or a probe found it not answering.
   */
  synchronized void out(String why) {
    goodProbes = 0;
    if (usable) {
      usable = false;
      LOG.warn("replica {} left: {}", label, why);
    }
  }

  /** A probe found it answering, {@code lagMs} behind the primary (0: caught up, or not in recovery). */
  synchronized void answered(long lagMs, boolean inRecovery, long maxLagMs) {
    this.lagMs = lagMs;
    if (!inRecovery && !saidNotInRecovery) {
      saidNotInRecovery = true;
      LOG.info("replica {} is not in recovery (a primary, or a replica promoted by a failover): it serves reads "
          + "as it is", label);
    }
    if (lagMs > maxLagMs) {
      goodProbes = 0;
      if (usable) {
        usable = false;
        LOG.warn("replica {} left: {} ms behind the primary (DB_REPLICA_MAX_LAG_MS {})", label, lagMs, maxLagMs);
      }
      return;
    }
    if (!usable && ++goodProbes >= PROBES_TO_REJOIN) {
      usable = true;
      LOG.info("replica {} {} ({} ms behind the primary)", label, joinedOnce ? "rejoined" : "joined", lagMs);
      joinedOnce = true;
    }
  }
}
