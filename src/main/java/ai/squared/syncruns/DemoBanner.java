package ai.squared.syncruns;

import ai.squared.syncruns.auth.JwtVerifier;
import ai.squared.syncruns.auth.VerificationKeys;
import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.db.DemoData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a newcomer sees after the embedded start: a valid demo token and a curl line to paste. */
final class DemoBanner {
  private static final Logger LOG = LoggerFactory.getLogger("demo");

  private DemoBanner() {
  }

  static void print(Vertx vertx, AppConfig config, int port, boolean freshlyLoaded) {
    JsonObject claims = new JsonObject()
        .put("sub", Long.toString(DemoData.USER_ID))
        .put("scp", "user")
        .put("jti", DemoData.USER_JTI)
        .put("exp", Instant.now().plus(24, ChronoUnit.HOURS).getEpochSecond());
    config.jwtIssuer().ifPresent(issuer -> claims.put("iss", issuer));
    config.jwtAudience().ifPresent(audience -> claims.put("aud", audience));
    String token = new JwtVerifier(vertx, config, VerificationKeys.secretOnly(config)).sign(claims);
    String url = config.publicBaseUrl().orElse("http://localhost:" + port)
        + "/api/v1/syncs/" + DemoData.SYNC_ID + "/sync_runs?per_page=5";
    LOG.info("""
        embedded demo ready ({}); the token below is valid for 24 hours:

        curl -s -H 'Authorization: Bearer {}' -H 'Workspace-Id: {}' '{}'
        """, freshlyLoaded ? "demo data loaded" : "existing data kept", token, DemoData.WORKSPACE_ID, url);
  }
}
