package io.pinpipe.ingest.rest;

/**
 * An error answer of the REST API: HTTP status, Confluent's {@code error_code} (see {@link
 * RestErrorCodes}) and a message that names the bad value but never a secret or a stack trace. Thrown
 * inside the gateway, mapped to JSON in one place ({@link GatewayHandler}).
 */
final class RestError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final int errorCode;
  /**
   * True for answers Confluent gives outside a matched v2 resource (415, unknown route): their
   * Content-Type follows the Accept header, {@code application/json} by default.
   */
  final boolean negotiated;

  RestError(int status, int errorCode, String message) {
    this(status, errorCode, message, false);
  }

  private RestError(int status, int errorCode, String message, boolean negotiated) {
    super(message, null, false, false);
    this.status = status;
    this.errorCode = errorCode;
    this.negotiated = negotiated;
  }

  /** 400/400: malformed JSON or JSON of the wrong shape (Confluent: rest-utils' Jackson exception mappers). */
  static RestError badRequest(String message) {
    return new RestError(400, RestErrorCodes.BAD_REQUEST, message);
  }

  /** 422/422: a body that parses but breaks the request's rules (Confluent: constraint violations). */
  static RestError unprocessable(String message) {
    return new RestError(422, RestErrorCodes.UNPROCESSABLE_ENTITY, message);
  }

  /** 415/415, in the Content-Type the Accept header asks for. */
  static RestError unsupportedMediaType(String message) {
    return new RestError(415, RestErrorCodes.UNSUPPORTED_MEDIA_TYPE, message, true);
  }

  /** 404/404 for a route that does not exist, in the Content-Type the Accept header asks for. */
  static RestError noRoute(String message) {
    return new RestError(404, RestErrorCodes.NOT_FOUND, message, true);
  }

  /** 503/503, answered with Retry-After. */
  static RestError unavailable(String message) {
    return new RestError(503, RestErrorCodes.SERVICE_UNAVAILABLE, message);
  }
}
