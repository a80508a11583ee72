package ai.squared.syncruns.http;

import java.util.List;

/**
 * An error response of the contract (SPEC §1, Errors): HTTP status, machine {@code status} code,
 * human message, and for a 400 one entry per bad input. Thrown or passed to {@code rc.fail};
 * {@link ErrorHandler} writes it. It carries no stack trace: it is an answer, not a bug.
 */
public final class ApiError extends RuntimeException {
  private final int httpStatus;
  private final String code;
  private final List<ParameterError> errors;
  private final AuthChallenge challenge;

  /** How a 401 answers in {@code WWW-Authenticate} (RFC 6750). */
  public enum AuthChallenge { NONE, NO_TOKEN, INVALID_TOKEN }

  private ApiError(int httpStatus, String code, String message, List<ParameterError> errors,
                   AuthChallenge challenge) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
    this.errors = errors;
    this.challenge = challenge;
  }

  public static ApiError badRequest(List<ParameterError> errors) {
    return new ApiError(400, "bad_request", "Invalid request parameters", List.copyOf(errors), AuthChallenge.NONE);
  }

  public static ApiError missingToken() {
    return new ApiError(401, "unauthorized", "Authentication required", null, AuthChallenge.NO_TOKEN);
  }

  public static ApiError invalidToken() {
    return new ApiError(401, "unauthorized", "Invalid or expired token", null, AuthChallenge.INVALID_TOKEN);
  }

  public static ApiError forbidden() {
    return new ApiError(403, "forbidden", "Not a member of this workspace", null, AuthChallenge.NONE);
  }

  public static ApiError syncNotFound() {
    return new ApiError(404, "not_found", "Sync not found", null, AuthChallenge.NONE);
  }

  public static ApiError syncRunNotFound() {
    return new ApiError(404, "not_found", "Sync Run not found", null, AuthChallenge.NONE);
  }

  public static ApiError notFound() {
    return new ApiError(404, "not_found", "Not found", null, AuthChallenge.NONE);
  }

  public static ApiError methodNotAllowed() {
    return new ApiError(405, "method_not_allowed", "Method not allowed", null, AuthChallenge.NONE);
  }

  public static ApiError uriTooLong() {
    return new ApiError(414, "uri_too_long", "Request URI too long", null, AuthChallenge.NONE);
  }

  public static ApiError headersTooLarge() {
    return new ApiError(431, "request_header_fields_too_large", "Request headers too large", null,
        AuthChallenge.NONE);
  }

  public static ApiError serviceUnavailable() {
    return new ApiError(503, "service_unavailable", "Service temporarily unavailable, retry later", null,
        AuthChallenge.NONE);
  }

  public static ApiError internal() {
    return new ApiError(500, "internal_error", "Internal server error", null, AuthChallenge.NONE);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String code() {
    return code;
  }

  /** The 400's entries; null for other errors. */
  public List<ParameterError> errors() {
    return errors;
  }

  public AuthChallenge challenge() {
    return challenge;
  }

  /** One bad input of a 400: the parameter, where it was ({@code path}, {@code query}, {@code header}), why. */
  public record ParameterError(String parameter, String in, String detail) {
  }
}
