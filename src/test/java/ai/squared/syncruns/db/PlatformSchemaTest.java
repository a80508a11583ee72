package ai.squared.syncruns.db;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestDatabase;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DB_MIGRATE=false against a database laid out exactly as the platform's (its columns, in its order,
 * none of the server's indexes): the three endpoints read it, and its schema is left as it was.
 */
@ExtendWith(VertxExtension.class)
class PlatformSchemaTest {

  @Test
  void servesAnExistingPlatformDatabaseWithoutTouchingItsSchema(Vertx vertx) throws Exception {
    String url = TestDatabase.server().createDatabase();
    try (Fixtures fixtures = new Fixtures(url);
         var script = getClass().getResourceAsStream("/platform/platform-schema.sql")) {
      fixtures.sql(new String(script.readAllBytes(), StandardCharsets.UTF_8));
    }
    String tablesBefore = tables(url);

    try (TestServer server = TestServer.start(vertx, url, Map.of("DB_MIGRATE", "false", "JWT_CHECK_JTI", "true"))) {
      var response = server.get("/api/v1/syncs/42/sync_runs?status=success", Tokens.forUser(1), 1);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
      assertThat(data).hasSize(1);
      JsonObject attributes = data.getJsonObject(0).getJsonObject("attributes");
      assertThat(attributes.getValue("sync_id")).isEqualTo(42);
      assertThat(attributes.getValue("skipped_rows")).isEqualTo(0);
      assertThat(attributes.getValue("duration")).isEqualTo(12.345678);
      assertThat(attributes.containsKey("sync_run_type")).isFalse();

      var all = server.get("/api/v1/syncs/42/sync_runs", Tokens.forUser(1), 1).bodyAsJsonObject();
      assertThat(all.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("8");
      assertThat(server.get("/api/v1/syncs/42/sync_runs", Tokens.forUser(1), 2).statusCode()).isEqualTo(403);
      assertThat(server.get("/api/v1/syncs/43/sync_runs", Tokens.forUser(1), 1).statusCode()).isEqualTo(404);

      var run = server.get("/api/v1/syncs/42/sync_runs/8", Tokens.forUser(1), 1).bodyAsJsonObject();
      assertThat(run.getJsonObject("data").getJsonObject("attributes").getString("error")).isEqualTo("boom");
      var records = server.get("/api/v1/syncs/42/sync_runs/8/sync_records?status=failed", Tokens.forUser(1), 1);
      assertThat(records.statusCode()).isEqualTo(200);
      assertThat(records.bodyAsString()).contains("\"record\":{\"email\": \"a@example.com\", "
          + "\"value\": 12345678901234567890}");
      JsonObject record = records.bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
      assertThat(record.getJsonObject("attributes").getValue("sync_run_id")).isEqualTo(8);
      assertThat(record.getJsonObject("attributes").getString("action")).isEqualTo("destination_insert");
      assertThat(server.get("/api/v1/syncs/42/sync_runs/8/sync_records?per_page=50", Tokens.forUser(1), 1)
          .bodyAsJsonObject().getJsonArray("data")).as("streamed").hasSize(2);
      assertThat(server.get("/api/v1/syncs/42/sync_runs/7/sync_records", Tokens.forUser(1), 1).bodyAsJsonObject()
          .getJsonArray("data")).isEmpty();
    }
    assertThat(tables(url)).isEqualTo(tablesBefore).doesNotContain("flyway_schema_history");
  }

  private static String tables(String url) throws Exception {
    try (Connection connection = TestDatabase.connect(url);
         ResultSet rows = connection.createStatement().executeQuery(
             "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
