package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.ApiTestBase;
import ai.squared.syncruns.support.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RS256 and ES256 tokens verified with PEM public keys (JWT_PUBLIC_KEY) and a JWKS document
 * (JWT_JWKS), next to the HS256 secret; algorithm confusion and unknown keys are refused.
 */
class AsymmetricKeysTest extends ApiTestBase {
  private static final KeyPair RSA_PEM = generate("RSA");
  private static final KeyPair EC_PEM = generate("EC");
  private static final KeyPair RSA_JWK = generate("RSA");
  private static final KeyPair EC_JWK = generate("EC");
  private static final KeyPair STRANGER = generate("RSA");
  private static final KeyPair LABELLED = generate("RSA");

  @Override
  protected Map<String, Object> settings() {
    return Map.of("JWT_PUBLIC_KEY", pem(RSA_PEM) + "\n" + pem(EC_PEM) + "\nkid: pem-2\n" + pem(LABELLED),
        "JWT_JWKS", jwksFile());
  }

  private int status(String token) {
    return server.get(runsOf(SYNC), token, WORKSPACE).statusCode();
  }

  @Test
  void pemKeysVerifyTheirAlgorithm() {
    assertThat(status(Tokens.signAsymmetric("RS256", RSA_PEM.getPrivate(), null, Tokens.claims(USER)))).isEqualTo(200);
    assertThat(status(Tokens.signAsymmetric("ES256", EC_PEM.getPrivate(), null, Tokens.claims(USER)))).isEqualTo(200);
  }

  @Test
  void aLabelledPemKeyIsSelectedByItsKid() {
    assertThat(status(Tokens.signAsymmetric("RS256", LABELLED.getPrivate(), "pem-2", Tokens.claims(USER))))
        .isEqualTo(200);
    assertThat(status(Tokens.signAsymmetric("RS256", LABELLED.getPrivate(), null, Tokens.claims(USER))))
        .as("a token without kid may use any key of its algorithm").isEqualTo(200);
    assertThat(status(Tokens.signAsymmetric("RS256", LABELLED.getPrivate(), "rsa-1", Tokens.claims(USER))))
        .as("naming another key").isEqualTo(401);
    assertThat(status(Tokens.signAsymmetric("RS256", LABELLED.getPrivate(), "nobody", Tokens.claims(USER))))
        .as("naming no key").isEqualTo(401);
  }

  @Test
  void jwksKeysAreSelectedByKid() {
    assertThat(status(Tokens.signAsymmetric("RS256", RSA_JWK.getPrivate(), "rsa-1", Tokens.claims(USER))))
        .isEqualTo(200);
    assertThat(status(Tokens.signAsymmetric("ES256", EC_JWK.getPrivate(), "ec-1", Tokens.claims(USER))))
        .isEqualTo(200);
  }

  @Test
  void theSharedSecretStillWorks() {
    assertThat(status(Tokens.forUser(USER))).isEqualTo(200);
  }

  @Test
  void aKeyNobodyConfiguredIsRefused() {
    assertThat(status(Tokens.signAsymmetric("RS256", STRANGER.getPrivate(), null, Tokens.claims(USER))))
        .isEqualTo(401);
    assertThat(status(Tokens.signAsymmetric("RS256", STRANGER.getPrivate(), "rsa-1", Tokens.claims(USER))))
        .isEqualTo(401);
  }

  @Test
  void aKidOfAnotherKeyIsRefused() {
    assertThat(status(Tokens.signAsymmetric("ES256", EC_JWK.getPrivate(), "rsa-1", Tokens.claims(USER))))
        .isEqualTo(401);
  }

  @Test
  void algorithmConfusionIsRefused() {
    String publicKeyAsSecret = pem(RSA_PEM);
    assertThat(status(Tokens.sign("HS256", "HmacSHA256", publicKeyAsSecret, Tokens.claims(USER)))).isEqualTo(401);
    assertThat(status(Tokens.signAsymmetric("RS256", RSA_JWK.getPrivate(), "ec-1", Tokens.claims(USER))))
        .as("RS256 naming the EC key").isEqualTo(401);
    assertThat(status(Tokens.unsigned(Tokens.claims(USER)))).isEqualTo(401);
  }

  private static KeyPair generate(String family) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(family);
      if ("EC".equals(family)) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
  }

  private static String jwksFile() {
    RSAPublicKey rsa = (RSAPublicKey) RSA_JWK.getPublic();
    ECPublicKey ec = (ECPublicKey) EC_JWK.getPublic();
    JsonObject jwks = new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("kty", "RSA").put("kid", "rsa-1").put("use", "sig")
            .put("n", unsigned(rsa.getModulus(), 0)).put("e", unsigned(rsa.getPublicExponent(), 0)))
        .add(new JsonObject().put("kty", "EC").put("kid", "ec-1").put("crv", "P-256").put("use", "sig")
            .put("x", unsigned(ec.getW().getAffineX(), 32)).put("y", unsigned(ec.getW().getAffineY(), 32))));
    try {
      Path file = Files.createTempFile("jwks", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(file, jwks.encode());
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base64url of the big-endian magnitude, left-padded to {@code length} bytes when given. */
  private static String unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
