package io.pinpipe.ingest;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Retriable;

/** A send failure Kafka calls retriable (for example a timeout or a leader change). */
public final class RetriableSendException extends SendException implements Retriable {
  private static final long serialVersionUID = 1L;

  RetriableSendException(String topic, RecordType type, int ind, Throwable cause) {
    super(topic, type, ind, cause);
  }
}
