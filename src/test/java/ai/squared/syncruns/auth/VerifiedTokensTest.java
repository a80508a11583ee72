package ai.squared.syncruns.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
  private static final Principal ALICE = new Principal(1, Optional.of("j"));

  @Test
  void aVerifiedTokenIsKnownUntilItsExpiryPlusLeeway() {
    VerifiedTokens tokens = new VerifiedTokens(5);
    tokens.put("t", ALICE, 1_000, 0);
    assertThat(tokens.get("t", 900)).isEqualTo(ALICE);
    assertThat(tokens.get("t", 1_005)).isEqualTo(ALICE);
    assertThat(tokens.get("t", 1_006)).isNull();
    assertThat(tokens.get("t", 900)).as("an expired entry is dropped").isNull();
  }

  @Test
  void notBeforeIsRespected() {
    VerifiedTokens tokens = new VerifiedTokens(0);
    tokens.put("t", ALICE, 2_000, 1_000);
    assertThat(tokens.get("t", 999)).isNull();
  }

  @Test
  void onlyTheExactTokenMatches() {
    VerifiedTokens tokens = new VerifiedTokens(0);
    tokens.put("abc", ALICE, 2_000, 0);
    assertThat(tokens.get("abd", 1_000)).isNull();
    assertThat(tokens.get("abc ", 1_000)).isNull();
  }
}
