package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The platform's status column is a plain nullable integer: a run whose status is NULL, or a code
 * the enum does not name, is listed with {@code "status": null}, in small and streamed pages alike.
 */
class StatusOutsideTheEnumTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.run(Run.of(3, SYNC).status(null))
        .run(Run.of(2, SYNC).status(42))
        .run(Run.of(1, SYNC).status(0));
  }

  @Test
  void smallPageWritesNullForBoth() {
    assertStatuses(get(runsOf(SYNC)));
  }

  @Test
  void streamedPageWritesNullForBoth() {
    assertStatuses(get(runsOf(SYNC) + "?per_page=500"));
  }

  @Test
  void suchRunsMatchNoStatusFilter() {
    JsonObject body = get(runsOf(SYNC) + "?status=pending").bodyAsJsonObject();
    assertThat(body.getJsonArray("data")).hasSize(1);
    assertThat(body.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("1");
  }

  private static void assertStatuses(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray data = response.bodyAsJsonObject().getJsonArray("data");
    assertThat(data).hasSize(3);
    for (int i = 0; i < 2; i++) {
      JsonObject attributes = data.getJsonObject(i).getJsonObject("attributes");
      assertThat(attributes.containsKey("status")).isTrue();
      assertThat(attributes.getValue("status")).as("run %s", data.getJsonObject(i).getString("id")).isNull();
    }
    assertThat(data.getJsonObject(2).getJsonObject("attributes").getString("status")).isEqualTo("pending");
  }
}
