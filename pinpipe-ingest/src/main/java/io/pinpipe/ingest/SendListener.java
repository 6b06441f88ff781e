package io.pinpipe.ingest;

import io.pinpipe.model.RawRecord;

/**
 * Per-record callbacks of a {@link PostProducer}. Called on the Kafka producer's I/O thread: return
 * quickly and never block. Both methods default to doing nothing.
 */
public interface SendListener {
  /** Kafka stored {@code record} at {@code position}. */
  default void onSent(RawRecord record, RecordPosition position) {}

  /** Kafka did not store {@code record}; the post's future fails with the same exception. */
  default void onFailed(RawRecord record, SendException failure) {}
}
