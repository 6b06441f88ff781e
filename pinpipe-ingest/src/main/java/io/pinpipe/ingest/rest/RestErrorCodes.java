package io.pinpipe.ingest.rest;

/**
 * The {@code error_code} values of Confluent REST Proxy v2, as {@link RestGateway} answers them and
 * {@link RestProxyClient} reads them (SPEC section 6; the authority is Confluent's {@code Errors.java}
 * and rest-utils' exception mappers).
 *
 * <p>Confluent's rule: an error that is just an HTTP error (malformed JSON, a body breaking the
 * request's rules, an unknown route, an unsupported Content-Type, …) has the HTTP status itself as its
 * {@code error_code}; only the errors below with five digits are more specific. Per record, in the
 * {@code offsets} of a 200 answer, {@link #KAFKA_RETRIABLE_ERROR} (50003) means the record may be sent
 * again and {@link #KAFKA_ERROR} (50002) that it will fail again.
 */
public final class RestErrorCodes {
  /** 400: malformed JSON, JSON of the wrong shape or type, an unknown field, a value that is not base64. */
  public static final int BAD_REQUEST = 400;
  /** 401: the gateway's own authentication refused the request. */
  public static final int UNAUTHORIZED = 401;
  /** 404: no such route (or a partition in the URL that is not a number). */
  public static final int NOT_FOUND = 404;
  /** 405: the route exists, the method does not. */
  public static final int METHOD_NOT_ALLOWED = 405;
  /** 408: the request body did not arrive in time. */
  public static final int REQUEST_TIMEOUT = 408;
  /** 413: the request body is over the configured limit. */
  public static final int REQUEST_ENTITY_TOO_LARGE = 413;
  /** 415: the Content-Type is not a produce format. */
  public static final int UNSUPPORTED_MEDIA_TYPE = 415;
  /** 422: the body parses but breaks the request's rules (no body, no records, too many records, …). */
  public static final int UNPROCESSABLE_ENTITY = 422;
  /** 429: too many requests; retriable. */
  public static final int TOO_MANY_REQUESTS = 429;
  /** 500: an unexpected server error. */
  public static final int INTERNAL_SERVER_ERROR = 500;
  /** 503: overloaded or shutting down; retriable, answered with Retry-After. */
  public static final int SERVICE_UNAVAILABLE = 503;

  /** 40101 (HTTP 401): Kafka refused the proxy's authentication. */
  public static final int KAFKA_AUTHENTICATION_ERROR = 40101;
  /** 40301 (HTTP 403): Kafka refused the operation (ACLs). */
  public static final int KAFKA_AUTHORIZATION_ERROR = 40301;
  /** 40401 (HTTP 404): topic not found. */
  public static final int TOPIC_NOT_FOUND = 40401;
  /** 40402 (HTTP 404): partition not found. */
  public static final int PARTITION_NOT_FOUND = 40402;
  /** 42201 (HTTP 422): a schema'd format with keys but no key schema. Needs a Schema Registry; pinpipe never sends it. */
  public static final int KEY_SCHEMA_MISSING = 42201;
  /** 42202 (HTTP 422): a schema'd format with values but no value schema. Needs a Schema Registry; pinpipe never sends it. */
  public static final int VALUE_SCHEMA_MISSING = 42202;
  /** 42206 (HTTP 422): the request names a schema, but there is no Schema Registry. */
  public static final int INVALID_PAYLOAD = 42206;
  /** 42207 (HTTP 422): a schema'd format (avro, jsonschema, protobuf) cannot be serialized: no Schema Registry. */
  public static final int SERIALIZATION_ERROR = 42207;
  /** 50002: a Kafka error that is not retriable (per record: for example a record over {@code max.message.bytes}). */
  public static final int KAFKA_ERROR = 50002;
  /** 50003: a retriable Kafka error (per record: for example a timeout or a leader change). */
  public static final int KAFKA_RETRIABLE_ERROR = 50003;

  private RestErrorCodes() {}

  /** Whether Confluent marks {@code errorCode} retriable: only {@link #KAFKA_RETRIABLE_ERROR}. */
  public static boolean isRetriable(int errorCode) {
    return errorCode == KAFKA_RETRIABLE_ERROR;
  }

  /** Whether an HTTP status asks the client to come back later: 429 and 503. */
  public static boolean isRetriableStatus(int status) {
    return status == TOO_MANY_REQUESTS || status == SERVICE_UNAVAILABLE;
  }
}
