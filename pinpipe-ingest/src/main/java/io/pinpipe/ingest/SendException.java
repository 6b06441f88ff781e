package io.pinpipe.ingest;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.model.RecordType;

/**
 * A record Kafka did not accept. Names the topic, the record type, the row index and Kafka's reason;
 * the {@link RetriableSendException} subclass marks failures worth sending again.
 */
public class SendException extends PinpipeException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final RecordType type;
  private final int ind;

  SendException(String topic, RecordType type, int ind, Throwable cause) {
    super("Cannot send " + type.suffix() + " record " + ind + " to topic '" + topic + "': " + reason(cause), cause);
    this.topic = topic;
    this.type = type;
    this.ind = ind;
  }

  static SendException of(String topic, RecordType type, int ind, Throwable cause) {
    return cause instanceof org.apache.kafka.common.errors.RetriableException
        ? new RetriableSendException(topic, type, ind, cause)
        : new SendException(topic, type, ind, cause);
  }

  /** The topic the record was for. */
  public String topic() {
    return topic;
  }

  /** Which of the post's records failed. */
  public RecordType type() {
    return type;
  }

  /** The row index of the record. */
  public int ind() {
    return ind;
  }

  private static String reason(Throwable cause) {
    return cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
