package io.pinpipe.ingest.serde;

import io.pinpipe.model.RawRecord;
import io.pinpipe.model.json.JsonCodec;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for pin, geo and user records as SPEC JSON; usable by class name
 * ({@code value.serializer=io.pinpipe.ingest.serde.RawRecordSerializer}). Null stays null.
 */
public final class RawRecordSerializer implements Serializer<RawRecord> {
  private final JsonCodec codec = JsonCodec.standard();

  @Override
  public byte[] serialize(String topic, RawRecord data) {
    return data == null ? null : codec.encode(data);
  }
}
