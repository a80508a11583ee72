package ai.squared.syncruns.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether Flyway's history already lists exactly the packaged migrations, each applied with success
 * and the same checksum: then Flyway would apply nothing and validate cleanly, and the start skips it
 * (loading Flyway and opening its JDBC connection were about a seventh of a start). Anything else,
 * including a history this check cannot read, leaves the decision to Flyway.
 */
public final class SchemaHistory {
  // Flyway keeps its history in the connection's current schema; a table of that name found further
  // along the search_path is not Flyway's and does not count
  private static final String APPLIED = """
      SELECT version, description, type, script, checksum, success,
             'flyway_schema_history'::regclass
               = to_regclass(quote_ident(current_schema()) || '.flyway_schema_history') AS in_current_schema
        FROM flyway_schema_history""";

  private SchemaHistory() {
  }

  /** Reads the packaged scripts (on a worker: it reads the jar), then the history. */
  public static Future<Boolean> listsPackagedMigrations(Vertx vertx, Endpoint database, Deadline deadline) {
    return vertx.executeBlocking(MigrationScript::packaged).compose(packaged -> packaged.isEmpty()
        ? Future.succeededFuture(false) : listsExactly(database, deadline, packaged.get()));
  }

  private static Future<Boolean> listsExactly(Endpoint database, Deadline deadline, List<MigrationScript> packaged) {
    return database.execute(APPLIED, Tuple.tuple(), Integer.MAX_VALUE, deadline)
        .map(applied -> !packaged.isEmpty() && recorded(applied).equals(new HashSet<>(packaged)))
        .otherwise(false);
  }

  /** The history's rows as scripts; a row of another kind, failed or elsewhere, makes a set that cannot match. */
  private static Set<MigrationScript> recorded(RowSet<Row> applied) {
    Set<MigrationScript> scripts = new HashSet<>();
    for (Row row : applied) {
      boolean plainSuccess = "SQL".equals(row.getString("type")) && Boolean.TRUE.equals(row.getBoolean("success"))
          && Boolean.TRUE.equals(row.getBoolean("in_current_schema")) && row.getInteger("checksum") != null;
      if (!plainSuccess) {
        return Set.of();
      }
      scripts.add(new MigrationScript(row.getString("version"), row.getString("description"),
          row.getString("script"), row.getInteger("checksum")));
    }
    return scripts;
  }
}
