package ai.squared.syncruns.auth;

import ai.squared.syncruns.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies bearer tokens (SPEC §3) with vertx-auth-jwt: HS256 with the shared secret (the
 * platform's own tokens) and RS256/ES256 with the configured public keys, each algorithm only with
 * a key made for it (so neither {@code none} nor algorithm confusion passes), {@code exp}
 * required, {@code nbf}/{@code iat} checked with the leeway, {@code iss}/{@code aud} required and
 * matched when configured, {@code sub} a user id, no {@code crit} header. A token
 * that passed is remembered until it expires ({@link VerifiedTokens}), so a client's repeated
 * requests skip the HMAC and JSON decoding; one instance per event loop.
 */
public final class JwtVerifier {
  private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,18}");
  private final Vertx vertx;
  private final JWTOptions checks;
  private final VerificationKeys keys;
  private final VerifiedTokens verified;
  private JWTAuth jwtAuth;
  private long jwksVersion;

  public JwtVerifier(Vertx vertx, AppConfig config, VerificationKeys keys) {
    this.vertx = vertx;
    this.keys = keys;
    this.checks = new JWTOptions().setLeeway(config.jwtLeewaySeconds());
    config.jwtIssuer().ifPresent(checks::setIssuer);
    config.jwtAudience().ifPresent(checks::addAudience);
    this.verified = new VerifiedTokens(config.jwtLeewaySeconds());
    this.jwtAuth = build();
  }

  /** A JWTAuth over the current keys (the JWKS set may have been refreshed since the last one). */
  private JWTAuth build() {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks);
    keys.secret().ifPresent(secret -> options.addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    keys.publicKeys().forEach(options::addPubSecKey);
    keys.jwks().ifPresent(source -> {
      source.jwks().forEach(options::addJwk);
      jwksVersion = source.version();
    });
    return JWTAuth.create(vertx, options);
  }

  /** The caller, or a failed future when the token is not acceptable for any reason. */
  public Future<Principal> verify(String token) {
    Principal known = verified.get(token, Instant.now().getEpochSecond());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    JsonObject header = headerOf(token);
    if (header == null) {
      return Future.failedFuture(new IllegalArgumentException("malformed token header"));
    }
    if (header.containsKey("crit")) {
      // RFC 7515 §4.1.11: the extensions crit lists must be understood, and this server understands none
      return Future.failedFuture(new IllegalArgumentException("crit header: no extension is understood"));
    }
    if (keys.jwks().isPresent() && keys.jwks().get().version() != jwksVersion) {
      jwtAuth = build();
      verified.clear(); // a key may have been withdrawn
    }
    return authenticate(token).recover(failure -> {
      Optional<JwksSource> source = keys.jwks();
      String kid = header.getValue("kid") instanceof String named ? named : null;
      if (source.isEmpty() || kid == null || source.get().holds(kid)) {
        return Future.failedFuture(failure);
      }
      // a key we do not hold yet: the issuer may have rotated; look again (at most once a minute)
      return source.get().refresh().compose(refreshed -> {
        if (!refreshed) {
          return Future.failedFuture(failure);
        }
        jwtAuth = build();
        return authenticate(token);
      });
    });
  }

  private Future<Principal> authenticate(String token) {
    try {
      return jwtAuth.authenticate(new TokenCredentials(token)).map(user -> {
        JsonObject claims = user.attributes().getJsonObject("accessToken");
        Principal principal = principal(claims);
        verified.put(token, principal, claims.getLong("exp"), claims.getLong("nbf", 0L));
        return principal;
      });
    } catch (RuntimeException malformed) {
      return Future.failedFuture(malformed);
    }
  }

  /** The token's JOSE header, or null when it is missing or not base64url-encoded JSON. */
  private static JsonObject headerOf(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
          StandardCharsets.UTF_8));
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static Principal principal(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number)
        || (claims.containsKey("nbf") && !(claims.getValue("nbf") instanceof Number))) {
      throw new IllegalArgumentException("exp is required, and nbf must be a number");
    }
    Object subject = claims.getValue("sub");
    String userId = subject instanceof Number number && number.doubleValue() == number.longValue()
        ? Long.toString(number.longValue()) : String.valueOf(subject);
    if (!USER_ID.matcher(userId).matches()) {
      throw new IllegalArgumentException("sub is not a user id");
    }
    // users.jti is compared with Ruby's ==, so only a string can match it: any other jti counts as absent
    Optional<String> jti = claims.getValue("jti") instanceof String text ? Optional.of(text) : Optional.empty();
    return new Principal(Long.parseLong(userId), jti);
  }

  /** Mints a token with this server's secret (the demo's printed token). */
  public String sign(JsonObject claims) {
    return jwtAuth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(0));
  }
}
