package io.pinpipe.ingest.serde;

import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer that decodes a record by its topic's suffix ({@code .pin}, {@code .geo},
 * {@code .user}); usable by class name. A bad value throws {@link DecodeException}, which the consumer
 * reports as a {@code RecordDeserializationException} carrying the partition and offset, so the caller
 * can dead-letter the record and seek past it.
 */
public final class RawRecordDeserializer implements Deserializer<RawRecord> {
  private final JsonCodec codec = JsonCodec.standard();

  @Override
  public RawRecord deserialize(String topic, byte[] data) {
    return codec.decode(typeOf(topic), topic, data);
  }

  static RecordType typeOf(String topic) {
    for (RecordType type : RecordType.values()) {
      if (topic != null && topic.endsWith("." + type.suffix())) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "Cannot decode records of topic " + io.pinpipe.model.Names.quote(topic) + ": it does not end in .pin, .geo or .user");
  }
}
