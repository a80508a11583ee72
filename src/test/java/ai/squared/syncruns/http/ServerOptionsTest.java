package ai.squared.syncruns.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.squared.syncruns.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start's warning about an idle timeout that would drop answers the server is still waiting on. */
class ServerOptionsTest {

  @Test
  void theShippedSettingsDrawNoWarning() {
    assertThat(ServerOptions.idleTimeoutWarning(TestServer.config("postgresql://x/y", Map.of()))).isEmpty();
  }

  @Test
  void anIdleTimeoutWithinTheDatabasesBoundDoes() {
    // the stall timeout (10,000 ms) is longer than the shipped database bound (1,500 ms)
    assertThat(ServerOptions.idleTimeoutWarning(TestServer.config("postgresql://x/y",
        Map.of("HTTP_IDLE_TIMEOUT_SECONDS", 10)))).hasValueSatisfying(warning -> assertThat(warning)
        .startsWith("HTTP_IDLE_TIMEOUT_SECONDS=10 is not above the 10000 ms"));
    assertThat(ServerOptions.idleTimeoutWarning(TestServer.config("postgresql://x/y",
        Map.of("HTTP_IDLE_TIMEOUT_SECONDS", 11)))).isEmpty();
    assertThat(ServerOptions.idleTimeoutWarning(TestServer.config("postgresql://x/y",
        Map.of("HTTP_IDLE_TIMEOUT_SECONDS", 20, "DB_STATEMENT_TIMEOUT_MS", 20_000)))).as("the database's bound")
        .hasValueSatisfying(warning -> assertThat(warning).contains("not above the 20000 ms"));
    assertThat(ServerOptions.idleTimeoutWarning(TestServer.config("postgresql://x/y",
        Map.of("HTTP_IDLE_TIMEOUT_SECONDS", 0)))).as("never idle: nothing to drop").isEmpty();
  }

  @Test
  void soDoesOneWithinTheStallTimeout() {
    assertThat(ServerOptions.idleTimeoutWarning(TestServer.config("postgresql://x/y",
        Map.of("HTTP_IDLE_TIMEOUT_SECONDS", 20, "STREAM_STALL_TIMEOUT_MS", 30_000)))).isPresent();
  }
}
