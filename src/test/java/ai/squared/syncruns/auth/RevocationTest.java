package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JWT_CHECK_JTI=true: the platform's revocation, a token's jti must equal users.jti, on every request. */
class RevocationTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("JWT_CHECK_JTI", "true");
  }

  private int status(JsonObject claims) {
    return server.get(runsOf(SYNC), Tokens.hs256(claims), WORKSPACE).statusCode();
  }

  @Test
  void matchingJtiIsAccepted() {
    assertThat(status(Tokens.claims(USER))).isEqualTo(200);
  }

  @Test
  void otherJtiIsRefused() {
    assertThat(status(Tokens.claims(USER).put("jti", "stale"))).isEqualTo(401);
  }

  @Test
  void missingJtiIsRefused() {
    JsonObject claims = Tokens.claims(USER);
    claims.remove("jti");
    assertThat(status(claims)).isEqualTo(401);
  }

  /** The platform compares with Ruby's ==: the number 123 is not users.jti '123', nor true 'true'. */
  @Test
  void jtiThatIsNotAStringIsRefused() throws Exception {
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.user(8, "123").member(8, WORKSPACE).user(9, "true").member(9, WORKSPACE);
    }
    assertThat(status(Tokens.claims(8).put("jti", "123"))).isEqualTo(200);
    assertThat(status(Tokens.claims(9).put("jti", "true"))).isEqualTo(200);
    assertThat(status(Tokens.claims(8).put("jti", 123))).isEqualTo(401);
    assertThat(status(Tokens.claims(8).put("jti", 123.0))).isEqualTo(401);
    assertThat(status(Tokens.claims(9).put("jti", true))).isEqualTo(401);
    for (Object jti : new Object[] {new JsonObject().put("a", 1), new JsonArray().add("123"), null}) {
      assertThat(status(Tokens.claims(8).put("jti", jti))).as("jti %s", jti).isEqualTo(401);
    }
    // and before a 400 (the check on its own, outside the request's statement)
    HttpResponse<Buffer> numeric = server.get(runsOf(SYNC) + "?page=0", Tokens.hs256(Tokens.claims(8).put("jti", 123)),
        WORKSPACE);
    assertThat(numeric.statusCode()).isEqualTo(401);
    assertThat(numeric.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(server.get(runsOf(SYNC) + "?page=0", Tokens.hs256(Tokens.claims(8).put("jti", "123")), WORKSPACE)
        .statusCode()).isEqualTo(400);
  }

  @Test
  void aNewLoginRevokesTheOldTokenOnTheVeryNextRequest() throws Exception {
    long user = 7;
    try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
      fixtures.user(user, "first-login").member(user, WORKSPACE);
      JsonObject first = Tokens.claims(user).put("jti", "first-login");
      assertThat(status(first)).isEqualTo(200);
      fixtures.sql("UPDATE users SET jti = 'second-login' WHERE id = " + user);
      assertThat(status(first)).isEqualTo(401);
      assertThat(status(Tokens.claims(user).put("jti", "second-login"))).isEqualTo(200);
    }
  }

  @Test
  void aRevokedTokenIsA401EvenWithBadParameters() {
    for (String bad : new String[] {"?page=0", "?per_page=5000&status=done"}) {
      HttpResponse<Buffer> stale = server.get(runsOf(SYNC) + bad, Tokens.hs256(Tokens.claims(USER).put("jti", "stale")),
          WORKSPACE);
      assertThat(stale.statusCode()).as(bad).isEqualTo(401);
      assertThat(stale.getHeader("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
      assertThat(server.get(runsOf(SYNC) + bad, Tokens.hs256(Tokens.claims(USER)), WORKSPACE).statusCode())
          .as("the same with the current token").isEqualTo(400);
    }
    assertThat(server.get(runsOf(SYNC), Tokens.hs256(Tokens.claims(USER).put("jti", "stale")), null).statusCode())
        .as("no Workspace-Id").isEqualTo(401);
    JsonObject withoutJti = Tokens.claims(USER);
    withoutJti.remove("jti");
    assertThat(server.get(runsOf(SYNC) + "?page=0", Tokens.hs256(withoutJti), WORKSPACE).statusCode()).isEqualTo(401);
  }
}
