package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PUBLIC_BASE_URL wins over the request's host; a smaller PER_PAGE_MAX is enforced and published. */
class PublicBaseUrlTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("PUBLIC_BASE_URL", "https://api.example.com/", "PER_PAGE_MAX", "50");
  }

  @Test
  void linksUseTheConfiguredBase() {
    JsonObject links = get(runsOf(SYNC) + "?status=queued").bodyAsJsonObject().getJsonObject("links");
    assertThat(links.getString("self"))
        .isEqualTo("https://api.example.com/api/v1/syncs/42/sync_runs?page=1&per_page=10&status=queued");
  }

  @Test
  void perPageAboveTheConfiguredMaximumIsA400() {
    assertThat(get(runsOf(SYNC) + "?per_page=50").statusCode()).isEqualTo(200);
    JsonObject body = get(runsOf(SYNC) + "?per_page=51").bodyAsJsonObject();
    assertThat(body.getJsonArray("errors").getJsonObject(0).getString("detail"))
        .isEqualTo("must be an integer from 1 to 50");
  }

  @Test
  void servedContractCarriesTheConfiguredMaximum() {
    String yaml = server.client().get("/openapi.yaml").send().await().bodyAsString();
    assertThat(yaml).containsPattern("name: per_page\\s+in: query\\s+schema:\\s+type: integer\\s+format: int32\\s+minimum: 1\\s+maximum: 50\\b");
  }
}
