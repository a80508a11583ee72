package ai.squared.syncruns.syncruns;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that give up waiting for a pool connection (503) must not cost the pool that connection:
 * with one connection and a 20 ms wait, a burst of streamed pages makes waiters time out just as the
 * connection is handed on, again and again; afterwards the one connection must still serve.
 */
class PoolTimeoutTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("DB_POOL_SIZE", 1, "DB_CONNECT_TIMEOUT_MS", 20);
  }

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sql("""
        INSERT INTO sync_runs (sync_id, workspace_id, status, created_at, updated_at)
        SELECT 42, 1, 5, now(), now() FROM generate_series(1, 300)
        """);
  }

  @Test
  void waitersThatTimeOutLeaveThePoolWhole() {
    String token = Tokens.forUser(USER);
    int shed = 0;
    for (int burst = 0; burst < 5; burst++) {
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int request = 0; request < 60; request++) {
        answers.add(server.client().get(runsOf(SYNC) + "?per_page=200")
            .putHeader("Authorization", "Bearer " + token).putHeader("Workspace-Id", "1").send());
      }
      Future.join(answers).otherwiseEmpty().await();
      assertThat(answers).allSatisfy(answer ->
          assertThat(answer.result().statusCode()).as("served, or shed while the pool is busy").isIn(200, 503));
      shed += (int) answers.stream().filter(answer -> answer.result().statusCode() == 503).count();
    }
    assertThat(shed).as("waiters did time out, so the race was run").isPositive();
    for (int request = 0; request < 5; request++) {
      assertThat(get(runsOf(SYNC) + "?per_page=200").statusCode())
          .as("the pool's one connection is still there").isEqualTo(200);
    }
    assertThat(server.get("/health/ready", null, null).statusCode()).isEqualTo(200);
  }
}
