package io.pinpipe.model.json;

import io.pinpipe.model.Names;
import io.pinpipe.model.PinpipeException;
import io.pinpipe.model.clean.QuarantineReason;

/**
 * A record value that breaks SPEC section 2's decoding rules: not a JSON object, malformed, a
 * missing or null row index, a field of the wrong JSON type, a number that does not fit, or a value
 * over the size limit. Carries the topic, the field, the reason and the raw bytes, so the caller can
 * send the record to a dead-letter area and go on with the next one.
 *
 * <p>The message never contains the raw bytes; offending values are quoted, truncated and escaped.
 */
public final class DecodeException extends PinpipeException {
  /** The field name used when the problem is the whole value rather than one field. */
  public static final String WHOLE_VALUE = "$";

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String field;
  private final String reason;
  private final QuarantineReason quarantineReason;
  private final transient byte[] rawValue;

  DecodeException(
      String topic, String field, QuarantineReason quarantineReason, String reason, byte[] rawValue, Throwable cause) {
    super(
        "Cannot decode record from topic " + Names.quote(topic) + ": field '" + field + "': " + reason,
        cause);
    this.topic = topic;
    this.field = field;
    this.reason = reason;
    this.quarantineReason = quarantineReason;
    this.rawValue = rawValue == null ? null : rawValue.clone();
  }

  /** The topic the value came from (the record type's name when decoded outside Kafka). */
  public String topic() {
    return topic;
  }

  /** The JSON field at fault, or {@link #WHOLE_VALUE} when the value as a whole is. */
  public String field() {
    return field;
  }

  /** Why the value was rejected, without the topic and field. */
  public String reason() {
    return reason;
  }

  /**
   * The quarantine code a cleaner gives this value (SPEC section 4): {@code null_value}, {@code
   * wrong_type}, {@code missing_index} or {@code malformed_json}; the Spark cleaner gives the same.
   */
  public QuarantineReason quarantineReason() {
    return quarantineReason;
  }

  /** A copy of the raw bytes as received; null when the record value itself was null. */
  public byte[] rawValue() {
    return rawValue == null ? null : rawValue.clone();
  }
}
