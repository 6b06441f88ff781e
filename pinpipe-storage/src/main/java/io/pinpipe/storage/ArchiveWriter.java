package io.pinpipe.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stream of Kafka records into archive objects (SPEC section 3), engine-agnostic: the
 * embedded {@link Archiver} and a Kafka Connect sink drive the same writer.
 *
 * <p>Per partition it buffers records and uploads them as one object when the {@link RotationPolicy}
 * says so. Invariants that make the archive exactly-once:
 *
 * <ul>
 *   <li>An object's key comes from (topic, partition, first offset), so re-uploading a range is
 *       idempotent; its metadata holds {@code pinpipe-end-offset} and {@code pinpipe-record-count}.
 *   <li>{@link #resumeOffset} is the newest stored end offset (topics or errors area) + 1: the stored
 *       objects, not the consumer's committed offsets, say where to go on.
 *   <li>Data objects are contiguous: a record that is not a JSON object cuts the open object, goes to
 *       the errors area (or fails, with {@link Builder#failOnBadRecords()}), and a partition's errors are
 *       uploaded before the data that follows them.
 *   <li>{@link #uploadedPositions()} only reports what is uploaded; buffers are dropped only after a
 *       successful upload, so a failed upload is tried again, never skipped.
 * </ul>
 *
 * <p>Memory: all buffers together stay under {@link Builder#memoryCap}; past it the largest buffers
 * are uploaded early, so memory does not grow with the partition count. Not thread-safe: one thread
 * drives a writer (uploads fan out to {@link Builder#uploadThreads} internally).
 */
public final class ArchiveWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
  static final String END_OFFSET = "pinpipe-end-offset";
  static final String START_OFFSET = "pinpipe-start-offset";
  static final String RECORD_COUNT = "pinpipe-record-count";

  private final ObjectStore store;
  private final String root;
  private final RotationPolicy rotation;
  private final boolean gzip;
  private final boolean failOnBadRecords;
  private final long memoryCap;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final ExecutorService uploads;
  private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
  private final Map<TopicPartition, Long> uploadedEnd = new HashMap<>();
  private final LongAdder records = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder objects = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private long buffered;

  private ArchiveWriter(Builder builder) {
    this.store = builder.store;
    this.root = builder.root;
    this.rotation = builder.rotation;
    this.gzip = builder.gzip;
    this.failOnBadRecords = builder.failOnBadRecords;
    this.memoryCap = builder.memoryCap;
    this.clock = builder.clock;
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.uploads = Executors.newFixedThreadPool(builder.uploadThreads, r -> {
      Thread thread = new Thread(r, "pinpipe-archive-upload");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A builder for a writer into {@code store} under the key prefix {@code root} (may be empty). */
  public static Builder builder(ObjectStore store, String root) {
    return new Builder(store, root);
  }

  /**
   * The next offset to archive for a partition: one past the newest stored object's end offset in
   * either area, or -1 when nothing of the partition is stored yet.
   *
   * @throws StorageException when the store cannot be listed
   */
  public long resumeOffset(String topic, int partition) {
    long end = -1;
    for (ArchiveArea area : ArchiveArea.values()) {
      Optional<ObjectKey> newest = store.list(ObjectKey.partitionPrefix(root, area, topic, partition)).stream()
          .map(ObjectKey::parse).flatMap(Optional::stream)
          .filter(k -> k.topic().equals(topic) && k.partition() == partition)
          .max(Comparator.comparingLong(ObjectKey::startOffset));
      if (newest.isPresent()) {
        end = Math.max(end, endOffset(newest.get()));
      }
    }
    if (end >= 0) {
      uploadedEnd.put(new TopicPartition(topic, partition), end);
    }
    return end < 0 ? -1 : end + 1;
  }

  private long endOffset(ObjectKey key) {
    Map<String, String> metadata = store.metadata(key.key()).orElse(Map.of());
    String end = metadata.get(END_OFFSET);
    if (end != null) {
      return Long.parseLong(end);
    }
    // objects written by another tool: count the lines (exact when the range has no gaps)
    long lines = ArchiveReader.lines(store.get(key.key()), key.gzip()).size();
    return key.startOffset() + lines - 1;
  }

  /**
   * Adds one record. May upload this partition's buffer (count, bytes, record-time rotation, or a bad
   * record that cuts it) or other partitions' buffers (memory cap).
   *
   * @param timestamp the record's timestamp, epoch milliseconds
   * @param value the record value as received; null is a tombstone
   * @throws BadRecordException for a bad record when the writer fails on bad records
   * @throws StorageException when an upload fails after its retries (nothing is lost: the buffer stays)
   */
  public void write(String topic, int partition, long offset, long timestamp, byte[] value) {
    TopicPartition tp = new TopicPartition(topic, partition);
    PartitionBuffer buffer = buffers.computeIfAbsent(tp, k -> new PartitionBuffer(topic, partition));
    if (buffer.dataEnd >= offset || buffer.errorEnd >= offset || uploadedEnd.getOrDefault(tp, -1L) >= offset) {
      return; // already buffered or stored: a replay after a seek, never archived twice
    }
    long now = clock.millis();
    RecordValidator.Outcome outcome = RecordValidator.check(value);
    long before = buffer.bytes();
    if (outcome.line() == null) {
      if (failOnBadRecords) {
        throw new BadRecordException(topic, partition, offset, outcome.reason());
      }
      if (buffer.dataCount > 0) {
        flush(List.of(buffer)); // keep data objects contiguous
        before = buffer.bytes();
      }
      buffer.appendError(offset, outcome.reason(), value, now);
    } else {
      if (buffer.dataCount > 0 && !rotation.rotateInterval().isZero()
          && timestamp - buffer.firstTimestamp >= rotation.rotateInterval().toMillis()) {
        flush(List.of(buffer));
        before = buffer.bytes();
      }
      buffer.append(offset, timestamp, outcome.line(), now);
    }
    buffered += buffer.bytes() - before;
    if ((rotation.flushSize() > 0 && buffer.dataCount >= rotation.flushSize())
        || (rotation.maxBytes() > 0 && buffer.data.size() >= rotation.maxBytes())) {
      flush(List.of(buffer));
    }
    if (buffered > memoryCap) {
      relieveMemory();
    }
  }

  /** Uploads the buffers that the wall-clock rules (schedule and idle intervals) say are due. */
  public void flushDue() {
    long now = clock.millis();
    List<PartitionBuffer> due = new ArrayList<>();
    for (PartitionBuffer buffer : buffers.values()) {
      if (buffer.isEmpty()) {
        continue;
      }
      boolean scheduled = !rotation.scheduleInterval().isZero() && now - buffer.openedAt >= rotation.scheduleInterval().toMillis();
      boolean idle = !rotation.idleInterval().isZero() && now - buffer.lastAppendAt >= rotation.idleInterval().toMillis();
      if (scheduled || idle) {
        due.add(buffer);
      }
    }
    flush(due);
  }

  /** Uploads every buffer. */
  public void flushAll() {
    flush(new ArrayList<>(buffers.values()));
  }

  /** Uploads the buffers of these partitions (for example before they are revoked). */
  public void flush(Collection<TopicPartition> partitions) {
    List<PartitionBuffer> selected = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      PartitionBuffer buffer = buffers.get(tp);
      if (buffer != null) {
        selected.add(buffer);
      }
    }
    flush(selected);
  }

  /** Forgets these partitions' buffers and positions without uploading (ownership was lost). */
  public void discard(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      PartitionBuffer buffer = buffers.remove(tp);
      if (buffer != null) {
        buffered -= buffer.bytes();
      }
      uploadedEnd.remove(tp);
    }
  }

  /**
   * One past the newest offset this writer holds for a partition, buffered or stored; -1 when it holds
   * nothing. After a failed upload the driver seeks here so no polled record is skipped.
   */
  public long nextOffset(TopicPartition tp) {
    PartitionBuffer buffer = buffers.get(tp);
    long end = uploadedEnd.getOrDefault(tp, -1L);
    if (buffer != null) {
      end = Math.max(end, Math.max(buffer.dataEnd, buffer.errorEnd));
    }
    return end < 0 ? -1 : end + 1;
  }

  /** For each partition with stored objects, one past the newest stored offset: what may be committed. */
  public Map<TopicPartition, Long> uploadedPositions() {
    Map<TopicPartition, Long> positions = new HashMap<>();
    uploadedEnd.forEach((tp, end) -> positions.put(tp, end + 1));
    return positions;
  }

  /** Counters since the writer was built. */
  public ArchiveStats stats() {
    return new ArchiveStats(records.sum(), errors.sum(), objects.sum(), bytes.sum(), buffered);
  }

  /** Uploads every buffer, then stops the upload threads. */
  @Override
  public void close() {
    try {
      flushAll();
    } finally {
      uploads.shutdown();
    }
  }

  private void relieveMemory() {
    List<PartitionBuffer> largest = new ArrayList<>(buffers.values());
    largest.sort(Comparator.comparingLong(PartitionBuffer::bytes).reversed());
    long target = memoryCap / 2;
    List<PartitionBuffer> chosen = new ArrayList<>();
    long freed = 0;
    for (PartitionBuffer buffer : largest) {
      if (buffered - freed <= target || buffer.isEmpty()) {
        break;
      }
      chosen.add(buffer);
      freed += buffer.bytes();
    }
    LOG.debug("Memory cap of {} bytes reached; uploading {} buffers early", memoryCap, chosen.size());
    flush(chosen);
  }

  /** Uploads buffers, partitions in parallel; each partition errors first, then data. */
  private void flush(List<PartitionBuffer> selected) {
    List<PartitionBuffer> work = selected.stream().filter(b -> !b.isEmpty()).toList();
    if (work.isEmpty()) {
      return;
    }
    if (work.size() == 1) {
      upload(work.get(0));
      return;
    }
    List<Future<?>> pending = new ArrayList<>();
    for (PartitionBuffer buffer : work) {
      pending.add(uploads.submit(() -> upload(buffer)));
    }
    StorageException failure = null;
    for (Future<?> future : pending) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof StorageException s ? s : new StorageException(e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("Cannot finish uploads: interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void upload(PartitionBuffer buffer) {
    TopicPartition tp = new TopicPartition(buffer.topic, buffer.partition);
    if (buffer.errorCount > 0) {
      long held = buffer.errors.capacity();
      put(new ObjectKey(root, ArchiveArea.ERRORS, buffer.topic, buffer.partition, buffer.errorStart, gzip),
          buffer.errors, buffer.errorStart, buffer.errorEnd, buffer.errorCount);
      errors.add(buffer.errorCount);
      advance(tp, buffer.errorEnd, held);
      buffer.clearErrors();
    }
    if (buffer.dataCount > 0) {
      long held = buffer.data.capacity();
      put(new ObjectKey(root, ArchiveArea.TOPICS, buffer.topic, buffer.partition, buffer.dataStart, gzip),
          buffer.data, buffer.dataStart, buffer.dataEnd, buffer.dataCount);
      records.add(buffer.dataCount);
      advance(tp, buffer.dataEnd, held);
      buffer.clearData();
    }
  }

  private synchronized void advance(TopicPartition tp, long end, long held) {
    uploadedEnd.merge(tp, end, Math::max);
    buffered -= held;
  }

  private void put(ObjectKey key, ChunkedBytes content, long start, long end, int count) {
    byte[] body = gzip ? gzip(content) : content.toByteArray();
    Map<String, String> metadata = Map.of(START_OFFSET, Long.toString(start), END_OFFSET, Long.toString(end),
        RECORD_COUNT, Integer.toString(count));
    Duration backoff = initialBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        store.put(key.key(), body, metadata);
        objects.increment();
        bytes.add(body.length);
        return;
      } catch (StorageException e) {
        if (attempt >= maxAttempts) {
          throw new StorageException("Cannot upload " + key.key() + " after " + attempt + " attempts: " + e.getMessage(), e);
        }
        LOG.warn("Upload of {} failed (attempt {} of {}), retrying in {} ms: {}", key.key(), attempt, maxAttempts,
            backoff.toMillis(), e.getMessage());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StorageException("Cannot upload " + key.key() + ": interrupted", interrupted);
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
      }
    }
  }

  private static byte[] gzip(ChunkedBytes content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) (content.size() / 4 + 64));
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      content.writeTo(zip);
    } catch (IOException e) {
      throw new StorageException("Cannot compress an object: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Configures an {@link ArchiveWriter}; not thread-safe. */
  public static final class Builder {
    private final ObjectStore store;
    private final String root;
    private RotationPolicy rotation = RotationPolicy.defaults();
    private boolean gzip;
    private boolean failOnBadRecords;
    private long memoryCap = 64L * 1024 * 1024;
    private Clock clock = Clock.systemUTC();
    private int uploadThreads = 4;
    private int maxAttempts = 10;
    private Duration initialBackoff = Duration.ofMillis(200);

    private Builder(ObjectStore store, String root) {
      this.store = Objects.requireNonNull(store, "store");
      this.root = Keys.checkRoot(root);
    }

    /** When buffers become objects (default {@link RotationPolicy#defaults()}). */
    public Builder rotation(RotationPolicy rotation) {
      this.rotation = Objects.requireNonNull(rotation, "rotation");
      return this;
    }

    /** Compress objects with gzip ({@code .json.gz}). */
    public Builder gzip() {
      this.gzip = true;
      return this;
    }

    /** Fail with {@link BadRecordException} on a bad record instead of writing it to the errors area. */
    public Builder failOnBadRecords() {
      this.failOnBadRecords = true;
      return this;
    }

    /** Bytes all buffers together may hold (default 64 MiB, at least 1 MiB). */
    public Builder memoryCap(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("Cannot use a memory cap of " + bytes + " bytes: at least 1 MiB");
      }
      this.memoryCap = bytes;
      return this;
    }

    /** The clock of the wall-clock rotation rules (tests inject their own). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Parallel uploads when several partitions flush at once (default 4). */
    public Builder uploadThreads(int threads) {
      this.uploadThreads = Math.max(1, threads);
      return this;
    }

    /** Attempts per upload before the failure reaches the caller (default 10, backoff from 200 ms, doubling, at most 30 s). */
    public Builder uploadAttempts(int attempts, Duration initialBackoff) {
      this.maxAttempts = Math.max(1, attempts);
      this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
      return this;
    }

    /** Builds the writer. */
    public ArchiveWriter build() {
      return new ArchiveWriter(this);
    }
  }
}
