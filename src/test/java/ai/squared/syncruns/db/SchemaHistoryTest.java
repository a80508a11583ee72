package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.squared.syncruns.Application;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The start skips Flyway only when Flyway itself would find nothing to do: its history lists exactly
 * the packaged migrations, each applied with success and the checksum Flyway computes.
 */
@ExtendWith(VertxExtension.class)
class SchemaHistoryTest {
  private String url;
  private Database database;

  @BeforeEach
  void connect(Vertx vertx) {
    url = TestDatabase.server().createDatabase();
    database = Database.connect(vertx, TestServer.config(url, Map.of("DB_PIPELINED_CONNECTIONS", 1)),
        DatabaseUrl.parse(url), 0);
  }

  @AfterEach
  void close() {
    database.close().await();
  }

  @Test
  void packagedScriptsAreReadAsFlywayNamesThem() {
    List<MigrationScript> scripts = MigrationScript.packaged().orElseThrow();
    assertThat(scripts).extracting(MigrationScript::version).contains("1", "2", "3");
    assertThat(scripts).filteredOn(script -> script.version().equals("1")).singleElement()
        .satisfies(script -> {
          assertThat(script.script()).isEqualTo("V1__platform_tables.sql");
          assertThat(script.description()).isEqualTo("platform tables");
        });
  }

  @Test
  void aDatabaseWithoutHistoryIsLeftToFlyway(Vertx vertx) {
    assertThat(SchemaHistory.listsPackagedMigrations(vertx, database.primary(), Deadline.none()).await()).isFalse();
  }

  @Test
  void afterFlywayTheHistoryListsThePackagedMigrationsWithFlywaysChecksums(Vertx vertx) {
    Migrations.apply(DatabaseUrl.parse(url));
    assertThat(SchemaHistory.listsPackagedMigrations(vertx, database.primary(), Deadline.none()).await()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'",
      "DELETE FROM flyway_schema_history WHERE version = '3'",
      "UPDATE flyway_schema_history SET success = false WHERE version = '3'",
      """
      INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                         installed_by, execution_time, success)
      VALUES (99, '99', 'from a newer jar', 'SQL', 'V99__from_a_newer_jar.sql', 1, 'test', 1, true)""",
      // the user's own schema now comes first on the search_path: Flyway would keep its history there
      "CREATE SCHEMA AUTHORIZATION CURRENT_USER"})
  void anyOtherHistoryIsLeftToFlyway(String change, Vertx vertx) throws Exception {
    Migrations.apply(DatabaseUrl.parse(url));
    try (Fixtures fixtures = new Fixtures(url)) {
      fixtures.sql(change);
    }
    assertThat(SchemaHistory.listsPackagedMigrations(vertx, database.primary(), Deadline.none()).await()).isFalse();
  }

  @Test
  void aChangedScriptStillStopsTheStartThroughFlywaysValidation(Vertx vertx) throws Exception {
    Migrations.apply(DatabaseUrl.parse(url));
    try (Fixtures fixtures = new Fixtures(url)) {
      fixtures.sql("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
    }
    assertThatThrownBy(() -> Application.start(vertx, TestServer.config(url, Map.of())).await())
        .hasMessageContaining("checksum mismatch");
  }
}
