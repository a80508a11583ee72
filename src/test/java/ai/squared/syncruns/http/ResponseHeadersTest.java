package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** API answers are never cacheable; large ones are gzip-compressed when the client asks, small ones are not. */
class ResponseHeadersTest extends ApiTestBase {

  @Override
  protected void seed(Fixtures fixtures) {
    for (long id = 1; id <= 50; id++) {
      fixtures.run(Run.of(id, SYNC));
    }
  }

  @Test
  void apiAnswersAreNotCacheable() {
    assertThat(get(runsOf(SYNC)).getHeader("Cache-Control")).isEqualTo("no-store");
    HttpResponse<Buffer> refused = server.get(runsOf(SYNC), null, WORKSPACE);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void largeAnswersAreCompressedWhenAsked(Vertx vertx) throws Exception {
    Answer answer = raw(vertx, runsOf(SYNC) + "?per_page=50", "gzip");
    assertThat(answer.contentEncoding()).isEqualTo("gzip");
    Buffer compressed = answer.body();
    byte[] json = new GZIPInputStream(new ByteArrayInputStream(compressed.getBytes())).readAllBytes();
    assertThat(Buffer.buffer(json).toJsonObject().getJsonArray("data")).hasSize(50);
    assertThat(compressed.length()).isLessThan(json.length / 3);
  }

  @Test
  void smallAnswersAndClientsThatDoNotAskAreNotCompressed(Vertx vertx) throws Exception {
    assertThat(raw(vertx, runsOf(999), "gzip").contentEncoding()).as("a 404 body").isNull();
    assertThat(raw(vertx, runsOf(SYNC) + "?per_page=50", null).contentEncoding()).isNull();
  }

  /** A response read whole on the event loop, with its raw (still compressed) body. */
  private record Answer(String contentEncoding, Buffer body) {
  }

  private Answer raw(Vertx vertx, String uri, String acceptEncoding) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
        .setPort(server.port()).setURI(uri)
        .putHeader("Authorization", "Bearer " + Tokens.forUser(USER)).putHeader("Workspace-Id", "1");
    if (acceptEncoding != null) {
      options.putHeader("Accept-Encoding", acceptEncoding);
    }
    return vertx.createHttpClient().request(options)
        // the body asked for in the callback that hands over the response, not in a step chained from this thread
        .compose(request -> request.send()
            .compose(response -> response.body().map(body -> new Answer(response.getHeader("Content-Encoding"), body))))
        .await(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
