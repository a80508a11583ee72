package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With JWT_ISSUER and JWT_AUDIENCE set, both claims must be present and match. */
class IssuerAudienceTest extends ApiTestBase {

  @Override
  protected Map<String, Object> settings() {
    return Map.of("JWT_ISSUER", "https://auth.example.com", "JWT_AUDIENCE", "sync-runs");
  }

  private int status(JsonObject claims) {
    return server.get(runsOf(SYNC), Tokens.hs256(claims), WORKSPACE).statusCode();
  }

  private static JsonObject claims() {
    return Tokens.claims(USER).put("iss", "https://auth.example.com").put("aud", "sync-runs");
  }

  @Test
  void matchingClaimsAreAccepted() {
    assertThat(status(claims())).isEqualTo(200);
  }

  @Test
  void audienceArrayContainingTheAudienceMatches() {
    assertThat(status(claims().put("aud", new JsonArray().add("other").add("sync-runs")))).isEqualTo(200);
  }

  @Test
  void missingOrWrongIssuer() {
    JsonObject noIssuer = claims();
    noIssuer.remove("iss");
    assertThat(status(noIssuer)).isEqualTo(401);
    assertThat(status(claims().put("iss", "https://evil.example.com"))).isEqualTo(401);
    assertThat(status(claims().put("iss", 42))).isEqualTo(401);
  }

  @Test
  void missingOrWrongAudience() {
    JsonObject noAudience = claims();
    noAudience.remove("aud");
    assertThat(status(noAudience)).isEqualTo(401);
    assertThat(status(claims().putNull("aud"))).isEqualTo(401);
    assertThat(status(claims().put("aud", "other"))).isEqualTo(401);
    assertThat(status(claims().put("aud", 7))).isEqualTo(401);
  }
}
