package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.Fixtures;
import ai.squared.syncruns.support.TestServer;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JWT_JWKS as a URL: fetched at start; an unknown kid makes the server look again (at most once a
 * minute), so a rotated-in key works at once; while the URL is down the last good set keeps serving.
 */
@ExtendWith(VertxExtension.class)
class JwksRotationTest {
  private static final KeyPair FIRST = rsa();
  private static final KeyPair SECOND = rsa();
  private static final KeyPair THIRD = rsa();

  @Test
  void rotatedKeysAreFetchedOnDemandAndTheLastGoodSetOutlivesTheSource(Vertx vertx) throws Exception {
    AtomicReference<JsonObject> published = new AtomicReference<>(jwks(jwk(FIRST, "k1")));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer jwksServer = vertx.createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json").end(published.get().encode());
    }).listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + jwksServer.actualPort() + "/.well-known/jwks.json";

    try (TestServer server = TestServer.start(vertx, Map.of("JWT_JWKS", url, "JWT_SECRET", ""))) {
      try (Fixtures fixtures = new Fixtures(server.databaseUrl())) {
        fixtures.user(1, "j").workspace(1).member(1, 1).sync(42, 1);
      }
      String uri = "/api/v1/syncs/42/sync_runs";
      assertThat(fetches.get()).as("fetched at start").isEqualTo(1);
      assertThat(server.get(uri, token(FIRST, "k1"), 1).statusCode()).isEqualTo(200);

      published.set(jwks(jwk(FIRST, "k1"), jwk(SECOND, "k2")));
      assertThat(server.get(uri, token(SECOND, "k2"), 1).statusCode()).as("rotated in").isEqualTo(200);
      assertThat(fetches.get()).isEqualTo(2);

      assertThat(server.get(uri, token(THIRD, "k3"), 1).statusCode()).as("unknown kid").isEqualTo(401);
      assertThat(server.get(uri, token(THIRD, "k3"), 1).statusCode()).isEqualTo(401);
      assertThat(fetches.get()).as("no second look within the minute").isEqualTo(2);

      jwksServer.close().await();
      assertThat(server.get(uri, token(FIRST, "k1"), 1).statusCode()).as("source down").isEqualTo(200);
      assertThat(server.get(uri, token(SECOND, "k2"), 1).statusCode()).isEqualTo(200);
      assertThat(server.get(uri, Tokens.forUser(1), 1).statusCode()).as("no HS256 secret configured")
          .isEqualTo(401);
    }
  }

  private static String token(KeyPair pair, String kid) {
    return Tokens.signAsymmetric("RS256", pair.getPrivate(), kid, Tokens.claims(1));
  }

  private static JsonObject jwks(JsonObject... keys) {
    return new JsonObject().put("keys", new JsonArray(Arrays.asList((Object[]) keys)));
  }

  private static JsonObject jwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
        .put("n", base64url(key.getModulus())).put("e", base64url(key.getPublicExponent()));
  }

  private static String base64url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
