package ai.squared.syncruns.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Requests the HTTP decoder refused before any route could see them (request line or headers over
 * the configured limits, or unparseable): answered in the contract's error shape, like Vert.x's own
 * default handler but with a body, and the connection closed since its state is unknown.
 */
final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = ApiError.uriTooLong();
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      error = ApiError.headersTooLarge();
    } else {
      error = ApiError.badRequest(List.of(
          new ApiError.ParameterError("request", "header", "the request could not be parsed as HTTP")));
    }
    answer(request, error);
  }

  /** Answers {@code error} in the contract's shape, then closes the connection. */
  static void answer(HttpServerRequest request, ApiError error) {
    RequestLogHandler.tag(request);
    request.response()
        .setStatusCode(error.httpStatus())
        .putHeader(HttpHeaders.CACHE_CONTROL, ErrorHandler.NO_STORE)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(ErrorHandler.body(error).toBuffer())
        .onComplete(sent -> request.connection().close());
  }
}
