package ai.squared.syncruns.runs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Run;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The links object over HTTP: first, middle, last, past the end, empty; the base URL; unknown parameters. */
class LinksTest extends ApiTestBase {
  private static final long EMPTY_SYNC = 43;

  @Override
  protected void seed(Fixtures fixtures) {
    fixtures.sync(EMPTY_SYNC, WORKSPACE);
    for (long id = 1; id <= 65; id++) {
      fixtures.run(Run.of(id, SYNC));
    }
  }

  private String base() {
    return "http://localhost:" + server.port() + runsOf(SYNC);
  }

  private JsonObject links(String query) {
    return get(runsOf(SYNC) + query).bodyAsJsonObject().getJsonObject("links");
  }

  @Test
  void firstPage() {
    assertThat(links("")).isEqualTo(new JsonObject()
        .put("self", base() + "?page=1&per_page=10").put("first", base() + "?page=1&per_page=10")
        .putNull("prev").put("next", base() + "?page=2&per_page=10").put("last", base() + "?page=7&per_page=10"));
  }

  @Test
  void middlePage() {
    assertThat(links("?page=4")).isEqualTo(new JsonObject()
        .put("self", base() + "?page=4&per_page=10").put("first", base() + "?page=1&per_page=10")
        .put("prev", base() + "?page=3&per_page=10").put("next", base() + "?page=5&per_page=10")
        .put("last", base() + "?page=7&per_page=10"));
  }

  @Test
  void lastPageHoldsTheRemainder() {
    JsonObject body = get(runsOf(SYNC) + "?page=7").bodyAsJsonObject();
    assertThat(body.getJsonArray("data")).hasSize(5);
    assertThat(body.getJsonObject("links").getValue("next")).isNull();
    assertThat(body.getJsonObject("links").getString("prev")).isEqualTo(base() + "?page=6&per_page=10");
  }

  @Test
  void pagePastTheEndIsAnEmptyPageWithCorrectLinks() {
    JsonObject body = get(runsOf(SYNC) + "?page=100&per_page=20").bodyAsJsonObject();
    assertThat(body.getJsonArray("data")).isEmpty();
    assertThat(body.getJsonObject("links")).isEqualTo(new JsonObject()
        .put("self", base() + "?page=100&per_page=20").put("first", base() + "?page=1&per_page=20")
        .put("prev", base() + "?page=4&per_page=20").putNull("next").put("last", base() + "?page=4&per_page=20"));
  }

  @Test
  void largestPageNumberIsServed() {
    JsonObject body = get(runsOf(SYNC) + "?page=2147483647&per_page=1000").bodyAsJsonObject();
    assertThat(body.getJsonArray("data")).isEmpty();
    assertThat(body.getJsonObject("links").getString("prev")).isEqualTo(base() + "?page=1&per_page=1000");
  }

  @Test
  void emptySyncHasOnePage() {
    JsonObject body = get(runsOf(EMPTY_SYNC)).bodyAsJsonObject();
    String base = "http://localhost:" + server.port() + runsOf(EMPTY_SYNC);
    assertThat(body.getJsonArray("data")).isEmpty();
    assertThat(body.getJsonObject("links")).isEqualTo(new JsonObject()
        .put("self", base + "?page=1&per_page=10").put("first", base + "?page=1&per_page=10")
        .putNull("prev").putNull("next").put("last", base + "?page=1&per_page=10"));
  }

  @Test
  void unknownParametersAreIgnoredAndLeftOutOfTheLinks() {
    JsonObject links = links("?utm_source=x&page=2&sort=id&per_page=30");
    assertThat(links.getString("self")).isEqualTo(base() + "?page=2&per_page=30");
  }

  @Test
  void linksUseTheHostTheRequestCameIn() {
    JsonObject links = server.client().get(runsOf(SYNC)).putHeader("Host", "api.example.test:8443")
        .putHeader("Authorization", "Bearer " + Tokens.forUser(USER)).putHeader("Workspace-Id", "1")
        .send().await().bodyAsJsonObject().getJsonObject("links");
    assertThat(links.getString("self")).isEqualTo("http://api.example.test:8443" + runsOf(SYNC) + "?page=1&per_page=10");
  }

  @Test
  void withoutHostTheBaseIsTheAddressAndPortTheRequestCameIn() throws IOException {
    String base = "http://127.0.0.1:" + server.port() + runsOf(SYNC);
    assertThat(selfLink(raw("HTTP/1.0", ""))).isEqualTo(base + "?page=1&per_page=10");
    assertThat(selfLink(raw("HTTP/1.1", "Host: \r\nConnection: close\r\n"))).isEqualTo(base + "?page=1&per_page=10");
  }

  @Test
  void http11WithoutHostIsA400ThatSaysSo() throws IOException {
    String response = raw("HTTP/1.1", "Connection: close\r\n");
    assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("x-request-id: ");
    assertThat(new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getJsonArray("errors")
        .getJsonObject(0)).isEqualTo(new JsonObject().put("parameter", "Host").put("in", "header")
        .put("detail", "is required in HTTP/1.1"));
  }

  @Test
  void aHostThatIsNotAHostIsA400ThatSaysSo() throws IOException {
    assertThat(hostError(raw("HTTP/1.1", "Host: exa mple.test\r\nConnection: close\r\n")))
        .isEqualTo("is not a valid host[:port]");
  }

  /** Vert.x 5.0.7's Host parser throws on a percent-escape: before HostGuard, no answer came until the idle timeout. */
  @Test
  void aHostWithAPercentEscapeIsA400AndItsConnectionIsClosed() throws IOException {
    String response = raw("HTTP/1.1", "Host: ex%41mple.test\r\n"); // keep-alive: only the server's close ends it
    assertThat(response).containsIgnoringCase("connection: close");
    assertThat(hostError(response)).isEqualTo("is not a valid host[:port]");
  }

  @Test
  void anEmptyPortIsNoPort() throws IOException {
    assertThat(selfLink(raw("HTTP/1.1", "Host: api.example.test:\r\nConnection: close\r\n")))
        .isEqualTo("http://api.example.test" + runsOf(SYNC) + "?page=1&per_page=10");
  }

  @Test
  void anAbsoluteFormTargetNamesTheHostInsteadOfTheHostHeader() throws IOException {
    String target = "http://api.example.test:8443" + runsOf(SYNC) + "?per_page=3";
    assertThat(selfLink(raw(target, "HTTP/1.1", "Host: other.example.test\r\nConnection: close\r\n")))
        .isEqualTo("http://api.example.test:8443" + runsOf(SYNC) + "?page=1&per_page=3");
  }

  @Test
  void anAbsoluteFormTargetsAuthorityIsReadAsRfc3986WritesIt() throws IOException {
    String path = runsOf(SYNC) + "?per_page=3";
    String headers = "Host: other.example.test\r\nConnection: close\r\n";
    assertThat(selfLink(raw("HTTP://API.example.test" + path, "HTTP/1.1", headers))).as("scheme in any case")
        .startsWith("http://API.example.test" + runsOf(SYNC));
    assertThat(selfLink(raw("http://user:secret@api.example.test:8443" + path, "HTTP/1.1", headers)))
        .as("userinfo left out").startsWith("http://api.example.test:8443" + runsOf(SYNC));
    assertThat(selfLink(raw("http://[2001:db8::1]:8443" + path, "HTTP/1.1", headers))).as("an IPv6 literal")
        .startsWith("http://[2001:db8::1]:8443" + runsOf(SYNC));
    assertThat(selfLink(raw("http://:8443" + path, "HTTP/1.1", headers))).as("no host: Host's")
        .startsWith("http://other.example.test" + runsOf(SYNC));
  }

  private static String hostError(String response) {
    assertThat(response).startsWith("HTTP/1.1 400");
    JsonObject error = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getJsonArray("errors")
        .getJsonObject(0);
    assertThat(error.getString("parameter")).isEqualTo("Host");
    assertThat(error.getString("in")).isEqualTo("header");
    return error.getString("detail");
  }

  private String raw(String version, String headers) throws IOException {
    return raw(runsOf(SYNC), version, headers);
  }

  /** A GET of {@code target} written by hand, with {@code headers} (each ending in CRLF); the whole response. */
  private String raw(String target, String version, String headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " " + version + "\r\nAuthorization: Bearer " + Tokens.forUser(USER)
          + "\r\nWorkspace-Id: " + WORKSPACE + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String selfLink(String response) {
    assertThat(response).matches("(?s)HTTP/1\\.[01] 200 .*");
    return new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)).getJsonObject("links").getString("self");
  }
}
