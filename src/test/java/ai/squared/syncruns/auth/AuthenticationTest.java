package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SPEC §3 authentication: which tokens pass, and the exact 401 for each that does not. */
class AuthenticationTest extends ApiTestBase {
  private static final String NO_TOKEN = "Bearer";
  private static final String INVALID = "Bearer error=\"invalid_token\"";

  private HttpResponse<Buffer> withAuthorization(String authorization) {
    var request = server.client().get(runsOf(SYNC)).putHeader("Workspace-Id", "1");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await();
  }

  private HttpResponse<Buffer> withToken(String token) {
    return withAuthorization("Bearer " + token);
  }

  private static void assertUnauthorized(HttpResponse<Buffer> response, String challenge) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(challenge);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("message", "status");
    assertThat(body.getString("status")).isEqualTo("unauthorized");
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  @Test
  void platformShapedTokenIsAccepted() {
    assertThat(withToken(Tokens.hs256(Tokens.claims(USER))).statusCode()).isEqualTo(200);
  }

  @Test
  void numericSubjectIsAccepted() {
    assertThat(withToken(Tokens.hs256(Tokens.claims(USER).put("sub", 1))).statusCode()).isEqualTo(200);
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertThat(withAuthorization("bearer " + Tokens.forUser(USER)).statusCode()).isEqualTo(200);
  }

  @Test
  void missingHeaderAsksForAToken() {
    assertUnauthorized(withAuthorization(null), NO_TOKEN);
  }

  @Test
  void anotherSchemeIsNoBearerToken() {
    assertUnauthorized(withAuthorization("Basic dXNlcjpwYXNz"), NO_TOKEN);
  }

  @Test
  void emptyBearerIsNoToken() {
    assertUnauthorized(withAuthorization("Bearer "), NO_TOKEN);
  }

  @Test
  void malformedToken() {
    assertUnauthorized(withToken("not-a-jwt"), INVALID);
    assertUnauthorized(withToken("a.b.c"), INVALID);
    assertUnauthorized(withToken("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln"), INVALID);
  }

  @Test
  void wrongSignature() {
    assertUnauthorized(withToken(Tokens.sign("HS256", "HmacSHA256", "another-secret", Tokens.claims(USER))), INVALID);
  }

  @Test
  void tamperedPayload() {
    String[] parts = Tokens.forUser(USER).split("\\.");
    String forged = Tokens.hs256(Tokens.claims(2)).split("\\.")[1];
    assertUnauthorized(withToken(parts[0] + "." + forged + "." + parts[2]), INVALID);
  }

  @Test
  void expiredToken() {
    assertUnauthorized(withToken(Tokens.hs256(Tokens.claims(USER).put("exp", now() - 60))), INVALID);
  }

  @Test
  void expiryWithinTheLeewayIsAccepted() {
    assertThat(withToken(Tokens.hs256(Tokens.claims(USER).put("exp", now() - 2))).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenWithoutExpIsRefused() {
    JsonObject claims = Tokens.claims(USER);
    claims.remove("exp");
    assertUnauthorized(withToken(Tokens.hs256(claims)), INVALID);
  }

  @Test
  void notYetValidToken() {
    assertUnauthorized(withToken(Tokens.hs256(Tokens.claims(USER).put("nbf", now() + 3600))), INVALID);
  }

  @Test
  void unsignedTokenIsRefused() {
    assertUnauthorized(withToken(Tokens.unsigned(Tokens.claims(USER))), INVALID);
  }

  @Test
  void otherHmacAlgorithmsAreRefusedEvenWithTheRightSecret() {
    assertUnauthorized(withToken(Tokens.sign("HS384", "HmacSHA384", Tokens.SECRET, Tokens.claims(USER))), INVALID);
    assertUnauthorized(withToken(Tokens.sign("HS512", "HmacSHA512", Tokens.SECRET, Tokens.claims(USER))), INVALID);
  }

  @Test
  void criticalHeaderExtensionsAreRefused() {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    assertThat(withToken(Tokens.hs256(header.copy(), Tokens.claims(USER))).statusCode()).isEqualTo(200);
    for (Object crit : new Object[] {new JsonArray().add("foo"), new JsonArray().add("exp"), new JsonArray(), "foo"}) {
      String token = Tokens.hs256(header.copy().put("crit", crit).put("foo", 1), Tokens.claims(USER));
      assertUnauthorized(withToken(token), INVALID);
      assertUnauthorized(withToken(token), INVALID); // a refused token is not remembered as verified
    }
  }

  @Test
  void jtiOfAnyTypeIsIgnoredWithoutRevocationChecking() {
    for (Object jti : new Object[] {123, true, new JsonObject().put("a", 1), new JsonArray().add("x"), null}) {
      assertThat(withToken(Tokens.hs256(Tokens.claims(USER).put("jti", jti))).statusCode()).as("jti %s", jti)
          .isEqualTo(200);
    }
  }

  @Test
  void subjectMustBeAUserId() {
    assertUnauthorized(withToken(Tokens.hs256(Tokens.claims(USER).put("sub", "admin"))), INVALID);
    JsonObject noSubject = Tokens.claims(USER);
    noSubject.remove("sub");
    assertUnauthorized(withToken(Tokens.hs256(noSubject)), INVALID);
  }

  @Test
  void authenticationIsCheckedBeforeParameters() {
    var response = server.client().get("/api/v1/syncs/abc/sync_runs?page=0").putHeader("Workspace-Id", "x")
        .send().await();
    assertUnauthorized(response, NO_TOKEN);
  }

  @Test
  void twoAuthorizationHeadersAreRefusedWhicheverComesFirst() {
    String valid = "Bearer " + Tokens.hs256(Tokens.claims(USER));
    for (String[] pair : new String[][] {{valid, "Bearer xxx"}, {"Bearer xxx", valid}, {valid, valid}}) {
      HttpResponse<Buffer> response = server.client().get(runsOf(SYNC)).putHeader("Workspace-Id", "1")
          .putHeader("Authorization", java.util.List.of(pair[0], pair[1])).send().await();
      assertUnauthorized(response, "Bearer error=\"invalid_token\"");
    }
  }
}
