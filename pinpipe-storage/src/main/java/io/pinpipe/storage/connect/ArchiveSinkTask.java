package io.pinpipe.storage.connect;

import io.pinpipe.model.Backoff;
import io.pinpipe.storage.ArchiveWriter;
import io.pinpipe.storage.BadRecordException;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.StorageException;
import io.pinpipe.storage.s3.S3ObjectStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's task: a thin shell over {@link ArchiveWriter} that survives store outages. On
 * {@code open} each partition is sought to the archive's resume point; {@code put} writes and rotates;
 * {@code preCommit} hands Connect only offsets whose records are uploaded.
 *
 * <p>What Connect does with exceptions decides the shape: only a {@link RetriableException} from
 * {@code put} keeps a task alive (Connect pauses, waits {@code context.timeout}, redelivers the same
 * batch, and the writer drops what it already holds); anything thrown from {@code open} or
 * {@code close} fails the task. So a store failure in {@code put} becomes a {@link RetriableException}
 * with a capped, jittered timeout, {@code open} and {@code close} never throw (a resume point the store
 * could not give is looked up again before the next records are written; {@code close} always discards
 * what it could not upload, the next owner resumes from the store), and a value that cannot be archived
 * goes to the errant-record reporter when the connector has one ({@code errors.deadletterqueue.topic.name}
 * or {@code errors.log.enable}), else it fails the task as before.
 */
public final class ArchiveSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveSinkTask.class);

  private final Function<ArchiveSinkConfig, ObjectStore> stores;
  private final Backoff backoff = Backoff.standard();
  /** Assigned partitions whose resume point is not known yet: nothing of them is written until it is. */
  private final Set<TopicPartition> unresolved = new LinkedHashSet<>();
  private ObjectStore store;
  private ArchiveWriter writer;
  private ErrantRecordReporter reporter;

  /** The task Connect instantiates: S3 as configured. */
  public ArchiveSinkTask() {
    this(ArchiveSinkTask::s3);
  }

  /** For tests: the store comes from {@code stores}. */
  ArchiveSinkTask(Function<ArchiveSinkConfig, ObjectStore> stores) {
    this.stores = Objects.requireNonNull(stores, "stores");
  }

  @Override
  public void start(Map<String, String> props) {
    ArchiveSinkConfig config = new ArchiveSinkConfig(props);
    store = stores.apply(config);
    // one attempt per upload: Connect retries (RetriableException), so put() never blocks the poll loop
    // for the writer's whole retry schedule
    writer = ArchiveWriter.builder(store, config.getString(ArchiveSinkConfig.ROOT)).rotation(config.rotation())
        .memoryCap(config.getLong(ArchiveSinkConfig.MEMORY_CAP)).uploadAttempts(1, Duration.ZERO).build();
    try {
      reporter = context.errantRecordReporter(); // null unless a DLQ topic or errors.log.enable is configured
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      reporter = null; // Connect before 2.6
    }
  }

  private static ObjectStore s3(ArchiveSinkConfig config) {
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
    return builder.build();
  }

  /** Seeks each partition to its resume point; never throws (Connect would fail the task). */
  @Override
  public void open(Collection<TopicPartition> partitions) {
    unresolved.addAll(partitions);
    resolve();
  }

  /** Looks up the resume points still unknown; false while the store cannot give one. */
  private boolean resolve() {
    for (Iterator<TopicPartition> it = unresolved.iterator(); it.hasNext(); ) {
      TopicPartition tp = it.next();
      try {
        long resume = writer.resumeOffset(tp.topic(), tp.partition());
        if (resume >= 0) {
          context.offset(tp, resume);
        }
        it.remove();
      } catch (RuntimeException e) {
        LOG.warn("Cannot look up where {} resumes yet; trying again before writing it: {}", tp, e.getMessage());
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the records and uploads what is due.
   *
   * @throws RetriableException when the store fails: Connect redelivers this batch after a backoff
   * @throws DataException for a value that is not bytes or text, when no errant-record reporter is configured
   */
  @Override
  public void put(Collection<SinkRecord> records) {
    try {
      if (!resolve()) {
        throw retry("Cannot look up where " + unresolved + " resume", null);
      }
      for (SinkRecord record : records) {
        byte[] value;
        try {
          value = bytes(record.value());
        } catch (DataException e) {
          if (reporter == null) {
            throw e; // set errors.deadletterqueue.topic.name (or errors.log.enable) to keep the task alive
          }
          reporter.report(record, e);
          continue;
        }
        writer.write(record.topic(), record.kafkaPartition(), record.kafkaOffset(),
            record.timestamp() == null ? 0 : record.timestamp(), value);
      }
      writer.flushDue();
      backoff.reset();
    } catch (BadRecordException e) {
      throw e; // only with failOnBadRecords, which the sink does not set; not a store failure
    } catch (StorageException e) {
      throw retry(e.getMessage(), e);
    }
  }

  private RetriableException retry(String message, Throwable cause) {
    long wait = backoff.next().toMillis();
    LOG.warn("{}; Connect redelivers the batch in {} ms", message, wait);
    context.timeout(wait); // Connect pauses the partitions, keeps polling and redelivers after this
    return new RetriableException(message, cause);
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

  /** Uploads what it can of these partitions, then forgets them whatever happened; never throws. */
  @Override
  public void close(Collection<TopicPartition> partitions) {
    try {
      writer.flush(partitions);
    } catch (RuntimeException e) {
      LOG.warn("Cannot upload {} on close; the next owner resumes from the store: {}", partitions, e.getMessage());
    } finally {
      writer.discard(partitions);
      unresolved.removeAll(partitions);
    }
  }

  /** Uploads what it can, then releases the store; never throws. */
  @Override
  public void stop() {
    try {
      if (writer != null) {
        writer.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("Cannot upload on stop; the next owner resumes from the store: {}", e.getMessage());
    } finally {
      if (store != null) {
        try {
          store.close();
        } catch (RuntimeException e) {
          LOG.warn("Cannot close {}: {}", store, e.getMessage());
        }
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
    throw new DataException("Cannot archive a value of type " + value.getClass().getName()
        + ": set value.converter to org.apache.kafka.connect.converters.ByteArrayConverter");
  }
}
