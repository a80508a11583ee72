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

/** What a newcomer sees after the embedded start: a valid demo token and curl lines to paste. */
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
    String runs = config.publicBaseUrl().orElse("http://localhost:" + port)
        + "/api/v1/syncs/" + DemoData.SYNC_ID + "/sync_runs";
    String curl = "curl -s -H 'Authorization: Bearer " + token + "' -H 'Workspace-Id: " + DemoData.WORKSPACE_ID + "' ";
    LOG.info("""
        embedded demo ready ({}); the token below is valid for 24 hours.
        The runs of sync 1, newest first:

        {}'{}?per_page=5'

        One run, and the records it wrote:

        {}'{}/{}'
        {}'{}/{}/sync_records?per_page=5'
        """, freshlyLoaded ? "demo data loaded" : "existing data kept", curl, runs, curl, runs, DemoData.RUN_ID, curl,
        runs, DemoData.RUN_ID);
  }
}
