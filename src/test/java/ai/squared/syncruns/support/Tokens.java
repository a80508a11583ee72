package ai.squared.syncruns.support;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs, so tests can forge exactly the tokens an attacker or a platform would send. */
public final class Tokens {
  public static final String SECRET = "test-secret-0123456789abcdef0123456789abcdef";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  /** A valid token for the user, as the platform (devise-jwt) shapes it. */
  public static String forUser(long userId) {
    return hs256(claims(userId));
  }

  public static JsonObject claims(long userId) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", Long.toString(userId)).put("scp", "user").put("aud", (String) null)
        .put("iat", now).put("exp", now + 1800).put("jti", "jti-" + userId);
  }

  public static String hs256(JsonObject claims) {
    return sign("HS256", "HmacSHA256", SECRET, claims);
  }

  public static String sign(String alg, String macAlgorithm, String secret, JsonObject claims) {
    return sign(new JsonObject().put("alg", alg).put("typ", "JWT"), macAlgorithm, secret, claims);
  }

  /** HS256 with the test secret and a header of the test's making. */
  public static String hs256(JsonObject header, JsonObject claims) {
    return sign(header, "HmacSHA256", SECRET, claims);
  }

  private static String sign(JsonObject header, String macAlgorithm, String secret, JsonObject claims) {
    String signingInput = encode(header) + "." + encode(claims);
    return signingInput + "." + BASE64URL.encodeToString(mac(macAlgorithm, secret, signingInput));
  }

  /** RS256 or ES256 with a private key; {@code kid} in the header when not null. */
  public static String signAsymmetric(String alg, java.security.PrivateKey key, String kid, JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    String signingInput = encode(header) + "." + encode(claims);
    try {
      java.security.Signature signature = java.security.Signature.getInstance(
          alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.UTF_8));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String unsigned(JsonObject claims) {
    return encode(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + encode(claims) + ".";
  }

  private static String encode(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(String algorithm, String secret, String input) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
