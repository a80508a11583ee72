package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.config.ConfigException;
import ai.squared.syncruns.config.ConfigLoader;
import ai.squared.syncruns.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class VerificationKeysTest {

  private static void assertRejected(Vertx vertx, String key, String value, String message) {
    var settings = TestServer.defaults().put("DATABASE_URL", "postgresql://u:p@h:5432/d").put(key, value);
    Future<VerificationKeys> loaded = VerificationKeys.load(vertx, ConfigLoader.fromJson(settings));
    Throwable failure = loaded.transform(Future::succeededFuture).await().cause();
    assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void someKeyIsRequired(Vertx vertx) {
    assertRejected(vertx, "JWT_SECRET", "", "JWT_SECRET (or JWT_PUBLIC_KEY / JWT_JWKS) must be set");
  }

  @Test
  void unusableKeysNameTheirSetting(Vertx vertx) {
    assertRejected(vertx, "JWT_PUBLIC_KEY", "not a key", "JWT_PUBLIC_KEY holds no '-----BEGIN PUBLIC KEY-----' block");
    assertRejected(vertx, "JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        "JWT_PUBLIC_KEY holds a key that is neither RSA nor EC");
    assertRejected(vertx, "JWT_JWKS", "/nonexistent/jwks.json", "JWT_JWKS could not be read from /nonexistent");
    assertRejected(vertx, "JWT_JWKS", "http://127.0.0.1:1/jwks.json", "JWT_JWKS could not be read from http");
  }
}
