package ai.squared.syncruns.auth;

import ai.squared.syncruns.config.AppConfig;
import ai.squared.syncruns.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys tokens are verified with (SPEC §3): the HS256 secret, PEM public keys (RSA → RS256,
 * EC P-256 → ES256, each accepted for its own algorithm only; a {@code kid: <id>} line before a
 * block names it, and a token naming another kid then does not use it) and the keys of a JWKS
 * document.
 * The PEM keys are read once at start; the JWKS document is kept by a {@link JwksSource}.
 */
public record VerificationKeys(Optional<String> secret, List<PubSecKeyOptions> publicKeys,
                               Optional<JwksSource> jwks) {
  /** An optional {@code kid: <id>} line before a PEM block names that key. */
  private static final Pattern KID = Pattern.compile("kid:\\s*(\\S+)");
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

  /** Reads the PEM keys and opens the JWKS source; fails naming the setting that cannot be used. */
  public static Future<VerificationKeys> load(Vertx vertx, AppConfig config) {
    List<PubSecKeyOptions> publicKeys;
    try {
      publicKeys = config.jwtPublicKey().map(VerificationKeys::pemKeys).orElse(List.of());
      if (config.jwtSecret().isEmpty() && publicKeys.isEmpty() && config.jwtJwks().isEmpty()) {
        throw new ConfigException("JWT_SECRET", "(or JWT_PUBLIC_KEY / JWT_JWKS) must be set");
      }
    } catch (ConfigException invalid) {
      return Future.failedFuture(invalid);
    }
    Future<Optional<JwksSource>> jwks = config.jwtJwks().isEmpty() ? Future.succeededFuture(Optional.empty())
        : JwksSource.open(vertx, config.jwtJwks().get()).map(Optional::of);
    return jwks.map(source -> new VerificationKeys(config.jwtSecret(), publicKeys, source));
  }

  /** The secret alone: for signing the demo token. */
  public static VerificationKeys secretOnly(AppConfig config) {
    return new VerificationKeys(config.jwtSecret(), List.of(), Optional.empty());
  }

  private static List<PubSecKeyOptions> pemKeys(String text) {
    List<PubSecKeyOptions> keys = new ArrayList<>();
    String unescaped = text.replace("\\n", "\n");
    Matcher blocks = PEM.matcher(unescaped);
    int previousEnd = 0;
    while (blocks.find()) {
      String base64 = blocks.group(1).replaceAll("\\s", "");
      String pem = "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
      PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(algorithmOf(base64)).setBuffer(pem);
      Matcher label = KID.matcher(unescaped.substring(previousEnd, blocks.start()));
      if (label.find()) {
        key.setId(label.group(1));
      }
      keys.add(key);
      previousEnd = blocks.end();
    }
    if (keys.isEmpty()) {
      throw new ConfigException("JWT_PUBLIC_KEY", "holds no '-----BEGIN PUBLIC KEY-----' block");
    }
    return keys;
  }

  private static String algorithmOf(String base64) {
    byte[] der = Base64.getDecoder().decode(base64);
    for (String family : new String[] {"RSA", "EC"}) {
      try {
        PublicKey key = KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(der));
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
          throw new ConfigException("JWT_PUBLIC_KEY", "holds an EC key that is not P-256 (ES256 needs P-256)");
        }
        return "RSA".equals(family) ? "RS256" : "ES256";
      } catch (GeneralSecurityException notThisFamily) {
        // try the next family
      }
    }
    throw new ConfigException("JWT_PUBLIC_KEY", "holds a key that is neither RSA nor EC");
  }
}
