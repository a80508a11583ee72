package ai.squared.syncruns.auth;

import java.util.Optional;

/** Who is calling, as the verified token says: the user id ({@code sub}) and the token's {@code jti}. */
public record Principal(long userId, Optional<String> jti) {
  public static final String KEY = Principal.class.getName();
}
