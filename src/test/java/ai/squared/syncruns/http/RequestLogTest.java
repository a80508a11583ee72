package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every response carries an X-Request-Id; every request leaves one access line with known fields only. */
class RequestLogTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("ACCESS_LOG", "true");
  }

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger access = (Logger) LoggerFactory.getLogger("access");

  @BeforeEach
  void listen() {
    lines.start();
    access.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    access.detachAppender(lines);
  }

  private HttpResponse<Buffer> request(String uri, String requestId) {
    var request = server.client().get(uri).putHeader("Authorization", "Bearer " + Tokens.forUser(USER))
        .putHeader("Workspace-Id", "1");
    if (requestId != null) {
      request.putHeader("X-Request-Id", requestId);
    }
    return request.send().await();
  }

  private Map<String, String> lineOf(String requestId) throws InterruptedException {
    for (int wait = 0; wait < 100; wait++) {
      java.util.List<ILoggingEvent> seen;
      synchronized (lines) { // AppenderBase.doAppend holds this lock while it adds a line
        seen = new java.util.ArrayList<>(lines.list);
      }
      for (ILoggingEvent event : seen) {
        Map<String, String> fields = new HashMap<>();
        if (event.getKeyValuePairs() != null) {
          event.getKeyValuePairs().forEach(pair -> fields.put(pair.key, String.valueOf(pair.value)));
        }
        if (requestId.equals(fields.get("request_id"))) {
          return fields;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no access line for " + requestId);
  }

  @Test
  void aWellFormedIdIsKeptAndLoggedWithTheRequestsFacts() throws Exception {
    HttpResponse<Buffer> response = request(runsOf(SYNC) + "?status=failed&secret=hunter2", "trace-42.a");
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("trace-42.a");
    Map<String, String> line = lineOf("trace-42.a");
    assertThat(line).containsEntry("method", "GET").containsEntry("route", "/api/v1/syncs/{sync_id}/sync_runs")
        .containsEntry("status", "200").containsEntry("user_id", "1").containsEntry("workspace_id", "1")
        .containsEntry("bytes", Integer.toString(response.body().length()))
        .containsKey("duration_ms");
    assertThat(line.values()).noneMatch(value -> value.contains("hunter2") || value.contains(Tokens.forUser(USER)));
  }

  @Test
  void aMissingOrMalformedIdIsReplaced() throws Exception {
    String generated = request(runsOf(SYNC), null).getHeader("X-Request-Id");
    assertThat(generated).matches("[0-9a-f]{16}");
    String replaced = request(runsOf(SYNC), "bad id with spaces").getHeader("X-Request-Id");
    assertThat(replaced).matches("[0-9a-f]{16}");
    assertThat(lineOf(replaced)).containsEntry("status", "200");
  }

  @Test
  void errorsAndUnknownPathsAreLoggedToo() throws Exception {
    String id = server.client().get("/nowhere").putHeader("X-Request-Id", "lost-1").send().await()
        .getHeader("X-Request-Id");
    assertThat(lineOf(id)).containsEntry("status", "404").containsEntry("route", "unmatched")
        .containsEntry("user_id", "null");
  }
}
