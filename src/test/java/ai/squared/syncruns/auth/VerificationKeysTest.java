package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.squared.syncruns.config.ConfigException;
import ai.squared.syncruns.config.ConfigLoader;
import ai.squared.syncruns.support.TestServer;
import org.junit.jupiter.api.Test;

class VerificationKeysTest {

  private static void assertRejected(String key, String value, String message) {
    var settings = TestServer.defaults().put("DATABASE_URL", "postgresql://u:p@h:5432/d").put(key, value);
    assertThatThrownBy(() -> VerificationKeys.load(ConfigLoader.fromJson(settings)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }

  @Test
  void someKeyIsRequired() {
    assertRejected("JWT_SECRET", "", "JWT_SECRET (or JWT_PUBLIC_KEY / JWT_JWKS) must be set");
  }

  @Test
  void unusableKeysNameTheirSetting() {
    assertRejected("JWT_PUBLIC_KEY", "not a key", "JWT_PUBLIC_KEY holds no '-----BEGIN PUBLIC KEY-----' block");
    assertRejected("JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        "JWT_PUBLIC_KEY holds a key that is neither RSA nor EC");
    assertRejected("JWT_JWKS", "/nonexistent/jwks.json", "JWT_JWKS is not a readable JWKS document");
  }
}
