package io.pinpipe.ingest.rest;

/**
 * An error answer of the REST API: HTTP status, Confluent-style {@code error_code} and a message that
 * names the bad value but never a secret or a stack trace. Thrown inside the gateway, mapped to JSON in
 * one place ({@link GatewayHandler}).
 */
final class RestError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int UNAUTHORIZED = 40101;
  static final int NOT_FOUND = 404;
  static final int TOPIC_NOT_FOUND = 40401;
  static final int PARTITION_NOT_FOUND = 40402;
  static final int METHOD_NOT_ALLOWED = 40501;
  static final int REQUEST_TIMEOUT = 40801;
  static final int BODY_TOO_LARGE = 41301;
  static final int UNSUPPORTED_MEDIA_TYPE = 41501;
  static final int MALFORMED_JSON = 42201;
  static final int INVALID_RECORDS = 42202;
  static final int INVALID_RECORD = 42203;
  static final int TOO_MANY_RECORDS = 42204;
  static final int OVERLOADED = 50301;
  static final int RECORD_RETRIABLE = 50002;
  static final int RECORD_FAILED = 50003;

  final int status;
  final int errorCode;

  RestError(int status, int errorCode, String message) {
    super(message, null, false, false);
    this.status = status;
    this.errorCode = errorCode;
  }
}
