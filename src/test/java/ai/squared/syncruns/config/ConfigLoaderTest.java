package ai.squared.syncruns.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.squared.syncruns.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void shippedDefaultsAreValidAndMatchTheContract() {
    AppConfig config = ConfigLoader.fromJson(TestServer.defaults());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.perPageMax()).isEqualTo(1000);
    assertThat(config.dbMigrate()).isTrue();
    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.jwtSecret()).isEmpty();
    assertThat(config.jwtCheckJti()).isFalse();
    assertThat(config.shutdownTimeoutMs()).isLessThan(20_000);
    assertThat(config.metricsPath()).isEqualTo("/metrics");
    assertThat(config.managementPort()).as("metrics on the API port").isEmpty();
    assertThat(config.tracingEnabled()).isFalse();
    assertThat(config.otlpEndpoint()).isEmpty();
    assertThat(config.dbPipeliningLimit()).as("below the client's 256: it bounds the client's read buffer")
        .isEqualTo(128);
    assertThat(config.transport()).isEqualTo("auto");
  }

  @Test
  void everyKnownKeyHasADefault() {
    JsonObject defaults = TestServer.defaults();
    assertThat(defaults.fieldNames()).containsExactlyInAnyOrderElementsOf(ConfigLoader.KEYS);
  }

  @Test
  void environmentStyleStringsAreParsed() {
    AppConfig config = ConfigLoader.fromJson(TestServer.defaults()
        .put("HTTP_PORT", "9090").put("DB_MIGRATE", "FALSE").put("PER_PAGE_MAX", "250")
        .put("PUBLIC_BASE_URL", "HTTPS://api.example.com//").put("JWT_SECRET", "12345")
        .put("MANAGEMENT_PORT", "9091").put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.dbMigrate()).isFalse();
    assertThat(config.perPageMax()).isEqualTo(250);
    assertThat(config.publicBaseUrl()).isEqualTo(Optional.of("https://api.example.com"));
    assertThat(baseUrl("https://api.example.com:/")).as("an empty port").isEqualTo("https://api.example.com");
    assertThat(baseUrl("https://api.example.com/v1:/")).as("a path's colon stays").isEqualTo("https://api.example.com/v1:");
    assertThat(config.jwtSecret()).isEqualTo(Optional.of("12345"));
    assertThat(config.managementPort()).isEqualTo(OptionalInt.of(9091));
    assertThat(config.otlpEndpoint()).isEqualTo(Optional.of("http://collector:4318"));
    assertThat(ConfigLoader.fromJson(TestServer.defaults().put("TRANSPORT", "EPOLL")).transport()).isEqualTo("epoll");
  }

  @Test
  void badValuesNameTheKey() {
    assertRejected("HTTP_PORT", "eighty", "HTTP_PORT must be an integer");
    assertRejected("HTTP_PORT", "70000", "HTTP_PORT must be between 0 and 65535");
    assertRejected("PER_PAGE_MAX", "9", "PER_PAGE_MAX must be between 10 and 100000, got 9");
    assertRejected("DB_MIGRATE", "yes", "DB_MIGRATE must be true or false");
    assertRejected("PUBLIC_BASE_URL", "api.example.com", "PUBLIC_BASE_URL must be an absolute http(s) URL");
    assertRejected("DATABASE_URL", "mysql://x/y", "DATABASE_URL must look like postgresql://");
    assertRejected("DB_POOL_SIZE", "", "DB_POOL_SIZE must be set");
    assertRejected("DB_PIPELINING_LIMIT", "0", "DB_PIPELINING_LIMIT must be between 1 and 256");
    assertRejected("DB_PIPELINING_LIMIT", "257", "DB_PIPELINING_LIMIT must be between 1 and 256");
    assertRejected("TRANSPORT", "fast", "TRANSPORT must be one of auto, io_uring, epoll, nio, got 'fast'");
    assertRejected("MANAGEMENT_PORT", "admin", "MANAGEMENT_PORT must be an integer");
    assertRejected("METRICS_PATH", "metrics", "METRICS_PATH must be a path starting with '/'");
    assertRejected("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL");
  }

  private static void assertRejected(String key, String value, String message) {
    assertThatThrownBy(() -> ConfigLoader.fromJson(TestServer.defaults().put(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  private static String baseUrl(String configured) {
    return ConfigLoader.fromJson(TestServer.defaults().put("PUBLIC_BASE_URL", configured).put("JWT_SECRET", "12345"))
        .publicBaseUrl().orElseThrow();
  }
}
