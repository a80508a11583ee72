package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile input (path segments, query strings, headers: repeated, percent-encoded,
 * overlong, unicode, SQL- and JSON-looking) against the running server: the answer is always one
 * of 200/400/401/403/404 in the contract's shape, never a 500, never a body that is not JSON.
 */
class HostileInputPropertiesTest {
  private static final Set<Integer> CONTRACT_STATUSES = Set.of(200, 400, 401, 403, 404);
  private static Vertx vertx;
  private static TestServer server;

  @BeforeContainer
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = TestServer.start(vertx, Map.of());
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.user(1, "jti-1").workspace(1).member(1, 1).sync(42, 1);
      for (long id = 1; id <= 30; id++) {
        fixtures.run(Run.of(id, 42).status((int) (id % 9)).error(id % 3 == 0 ? "bad \"quote\" \n ✓" : null));
      }
    }
  }

  @AfterContainer
  static void stop() {
    server.close();
    vertx.close().await();
  }

  @Property(tries = 300)
  void anyPathSegment(@ForAll("segments") String syncId) {
    assertContractAnswer(send("/api/v1/syncs/" + syncId + "/sync_runs", Tokens.forUser(1), "1"));
  }

  @Property(tries = 400)
  void anyQueryString(@ForAll("queries") String query) {
    assertContractAnswer(send("/api/v1/syncs/42/sync_runs?" + query, Tokens.forUser(1), "1"));
  }

  @Property(tries = 300)
  void anyHeaders(@ForAll("headerValues") String authorization, @ForAll("headerValues") String workspaceId) {
    assertContractAnswer(send("/api/v1/syncs/42/sync_runs", authorization, workspaceId));
  }

  @Property(tries = 200)
  void anyWorkspaceWithAValidToken(@ForAll("headerValues") String workspaceId) {
    assertContractAnswer(send("/api/v1/syncs/42/sync_runs", Tokens.forUser(1), workspaceId));
  }

  private static HttpResponse<Buffer> send(String uri, String token, String workspaceId) {
    HttpRequest<Buffer> request = server.client().get(uri);
    if (token != null) {
      request.putHeader("Authorization", token.startsWith("ey") ? "Bearer " + token : token);
    }
    if (workspaceId != null) {
      request.putHeader("Workspace-Id", workspaceId);
    }
    return request.send().await();
  }

  private static void assertContractAnswer(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isIn(CONTRACT_STATUSES);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (DecodeException notJson) {
      throw new AssertionError("not JSON: " + response.bodyAsString(), notJson);
    }
    if (response.statusCode() == 200) {
      assertThat(body.fieldNames()).containsExactlyInAnyOrder("data", "links");
    } else {
      assertThat(body.getString("message")).isNotBlank();
      assertThat(body.getString("status")).isNotBlank();
    }
  }

  /** Raw text a client might send, hostile or not. */
  private static Arbitrary<String> nasty() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(30),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("1", "0", "-1", "01", "1.0", "1e3", "0x10", "9223372036854775807", "9223372036854775808",
            "' OR 1=1 --", "1; DROP TABLE sync_runs", "{\"$gt\": 1}", "[1,2]", "null", "true", "NaN",
            "\u0000", "é", "✓", "😀", "%00", "%zz", "%", "success", "in_progress", "SUCCESS", " 1", "1 ",
            "a".repeat(1000)));
  }

  private static String encoded(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.oneOf(nasty().map(HostileInputPropertiesTest::encoded),
        Arbitraries.of("%zz", "%", "%E2%28", "1%2F2", "..", "%2e%2e"));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("status", "page", "per_page", "Page", "sync_id"),
        Arbitraries.strings().ofMaxLength(10));
    Arbitrary<String> pair = Combinators.combine(key, nasty(), Arbitraries.of(true, false))
        .as((k, v, encode) -> encode ? encoded(k) + "=" + encoded(v) : encodedLoosely(k) + "=" + encodedLoosely(v));
    return pair.list().ofMaxSize(6).map(pairs -> pairs.stream().collect(Collectors.joining("&")));
  }

  /** Only what would break the request line is encoded: %, &, # and the like stay as sent. */
  private static String encodedLoosely(String raw) {
    StringBuilder text = new StringBuilder();
    for (char c : raw.toCharArray()) {
      text.append(c > 32 && c < 127 && c != ' ' && c != '#' ? String.valueOf(c) : encoded(String.valueOf(c)));
    }
    return text.toString();
  }

  @Provide
  Arbitrary<String> headerValues() {
    return Arbitraries.oneOf(
        nasty().filter(value -> value.chars().allMatch(c -> c >= 32 && c < 127)),
        Arbitraries.of("Bearer", "Bearer ", "Bearer x.y.z", "Basic abc", "bearer " + Tokens.forUser(1),
            Tokens.forUser(1), Tokens.forUser(2), Tokens.unsigned(Tokens.claims(1))),
        Arbitraries.just((String) null));
  }

}
