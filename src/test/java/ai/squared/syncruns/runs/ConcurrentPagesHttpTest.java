package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests in flight together share batches of statements (see
 * {@code ai.squared.syncruns.db.StatementBatches}): each must still get exactly the answer it gets
 * alone, whatever its neighbours in the batch ask for or are refused.
 */
class ConcurrentPagesHttpTest extends ApiTestBase {
  private static final long BIG = 501;
  private static final long SMALL = 502;
  private static final long ELSEWHERE = 503;
  private static final long UNKNOWN = 599;
  private static final int COPIES = 3;

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(BIG, WORKSPACE).sync(SMALL, WORKSPACE).sync(ELSEWHERE, OTHER_WORKSPACE);
    for (long id = 1; id <= 25; id++) {
      fixtures.run(Run.of(id, BIG).status(id % 3 == 0 ? 7 : 5));
    }
    for (long id = 26; id <= 28; id++) {
      fixtures.run(Run.of(id, SMALL));
    }
    fixtures.run(Run.of(29, ELSEWHERE));
  }

  @Test
  void eachOfABurstOfMixedRequestsGetsTheAnswerItGetsAlone(Vertx vertx) {
    List<String> uris = new ArrayList<>();
    for (long sync : List.of(BIG, SMALL, ELSEWHERE, UNKNOWN)) {
      for (int page = 1; page <= 3; page++) {
        uris.add(runsOf(sync) + "?page=" + page + "&per_page=4");
        uris.add(runsOf(sync) + "?page=" + page + "&per_page=4&status=failed");
      }
    }
    Map<String, String> alone = new LinkedHashMap<>();
    uris.forEach(uri -> alone.put(uri, answer(get(uri))));
    assertThat(alone.values()).anyMatch(answer -> answer.startsWith("200 {\"data\":[{"))
        .anyMatch(answer -> answer.startsWith("404 "));

    WebClient wide = WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("localhost").setDefaultPort(server.port()),
        new PoolOptions().setHttp1MaxSize(uris.size() * COPIES));
    try {
      List<String> sent = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
      for (int copy = 0; copy < COPIES; copy++) {
        for (String uri : uris) {
          sent.add(uri);
          burst.add(wide.get(uri).putHeader("Authorization", "Bearer " + Tokens.forUser(USER))
              .putHeader("Workspace-Id", Long.toString(WORKSPACE)).send());
        }
      }
      Future.join(burst).await();
      for (int i = 0; i < sent.size(); i++) {
        assertThat(answer(burst.get(i).result())).as(sent.get(i)).isEqualTo(alone.get(sent.get(i)));
      }
    } finally {
      wide.close();
    }
  }

  private static String answer(HttpResponse<Buffer> response) {
    return response.statusCode() + " " + response.bodyAsString();
  }
}
