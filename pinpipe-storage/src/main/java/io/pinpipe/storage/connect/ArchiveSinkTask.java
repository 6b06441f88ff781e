package io.pinpipe.storage.connect;

import io.pinpipe.storage.ArchiveWriter;
import io.pinpipe.storage.s3.S3ObjectStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The connector's task: a thin shell over {@link ArchiveWriter}. On {@code open} each partition is sought
 * to the archive's resume point; {@code put} writes and rotates; {@code preCommit} hands Connect only
 * offsets whose records are uploaded.
 */
public final class ArchiveSinkTask extends SinkTask {
  private S3ObjectStore store;
  private ArchiveWriter writer;

  @Override
  public void start(Map<String, String> props) {
    ArchiveSinkConfig config = new ArchiveSinkConfig(props);
    S3ObjectStore.Builder builder = S3ObjectStore.builder(config.getString(ArchiveSinkConfig.BUCKET))
        .region(config.getString(ArchiveSinkConfig.REGION)).partSize(config.getInt(ArchiveSinkConfig.PART_SIZE));
    String url = config.getString(ArchiveSinkConfig.STORE_URL);
    if (url != null && !url.isBlank()) {
      builder.endpoint(URI.create(url));
    }
    String access = config.secret(ArchiveSinkConfig.ACCESS_KEY);
    String secret = config.secret(ArchiveSinkConfig.SECRET_KEY);
    if (access != null && secret != null) {
      builder.credentials(access, secret);
    }
    store = builder.build();
    writer = ArchiveWriter.builder(store, config.getString(ArchiveSinkConfig.ROOT)).rotation(config.rotation())
        .memoryCap(config.getLong(ArchiveSinkConfig.MEMORY_CAP)).build();
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      long resume = writer.resumeOffset(tp.topic(), tp.partition());
      if (resume >= 0) {
        context.offset(tp, resume);
      }
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      writer.write(record.topic(), record.kafkaPartition(), record.kafkaOffset(),
          record.timestamp() == null ? 0 : record.timestamp(), bytes(record.value()));
    }
    writer.flushDue();
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> uploaded = new HashMap<>();
    writer.uploadedPositions().forEach((tp, next) -> {
      if (currentOffsets.containsKey(tp)) {
        uploaded.put(tp, new OffsetAndMetadata(next));
      }
    });
    return uploaded;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    writer.flush(partitions);
    writer.discard(partitions);
  }

  @Override
  public void stop() {
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  @Override
  public String version() {
    return new ArchiveSinkConnector().version();
  }

  private static byte[] bytes(Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    if (value instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    // fail the record (Connect's errors.tolerance / DLQ decide) rather than store something else
    throw new org.apache.kafka.connect.errors.DataException("Cannot archive a value of type " + value.getClass().getName()
        + ": set value.converter to org.apache.kafka.connect.converters.ByteArrayConverter");
  }
}
