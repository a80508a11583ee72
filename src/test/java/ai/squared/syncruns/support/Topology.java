package ai.squared.syncruns.support;

import java.util.Locale;

/**
 * What the tests' server finds between itself and the test database: nothing, or a real PgBouncer in
 * session or transaction pooling. Chosen for a whole test run by the system property
 * {@code test.pooler} ({@code none}, {@code session}, {@code transaction}): the build runs the tests
 * tagged {@link #TAG} once more through each pooling mode.
 */
public enum Topology {
  DIRECT, SESSION_POOLER, TRANSACTION_POOLER;

  /** The tests that run in every topology: the endpoint's rules, its caches, its faults. */
  public static final String TAG = "topology";

  public static Topology current() {
    return switch (System.getProperty("test.pooler", "none").toLowerCase(Locale.ROOT)) {
      case "none" -> DIRECT;
      case "session" -> SESSION_POOLER;
      case "transaction" -> TRANSACTION_POOLER;
      default -> throw new IllegalArgumentException("test.pooler must be none, session or transaction");
    };
  }

  public boolean pooled() {
    return this != DIRECT;
  }

  /** The pooling mode, as PgBouncer and DB_POOLER name it. */
  public String poolMode() {
    return switch (this) {
      case DIRECT -> "none";
      case SESSION_POOLER -> "session";
      case TRANSACTION_POOLER -> "transaction";
    };
  }
}
