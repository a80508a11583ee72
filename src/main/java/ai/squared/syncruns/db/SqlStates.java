package ai.squared.syncruns.db;

import io.vertx.sqlclient.DatabaseException;
import java.util.Set;

/** What PostgreSQL's SQLSTATE codes say about an error the database reported. */
public final class SqlStates {
  /** SQLSTATE classes: connection exception, insufficient resources, operator intervention. */
  private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57");

  private SqlStates() {
  }

  /**
   * Whether the error says the database is away or overloaded (connection lost, out of resources,
   * statement timeout, shutdown) rather than judging the statement itself.
   */
  public static boolean unavailable(DatabaseException error) {
    String state = error.getSqlState();
    return state != null && state.length() >= 2 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2));
  }
}
