package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** A database that answers with an error about the statement itself (here: a missing column) is a 500 that tells nothing. */
class UnexpectedErrorTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sql("ALTER TABLE sync_runs RENAME COLUMN error TO error_text");
  }

  @Test
  void isABare500WithoutStackTraceOrSql() {
    HttpResponse<Buffer> response = get(runsOf(SYNC));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("message", "Internal server error").put("status", "internal_error"));
    assertThat(response.bodyAsString()).doesNotContain("error_text", "SELECT", "Exception", "at ");
  }

  @Test
  void theStreamedPathToo() {
    assertThat(get(runsOf(SYNC) + "?per_page=500").statusCode()).isEqualTo(500);
  }
}
