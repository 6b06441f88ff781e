package io.pinpipe.storage;

import io.pinpipe.model.Backoff;
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
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>An object's key comes from (topic, partition, first offset), and objects are created, never
 *       replaced ({@link ObjectStore#create}). When a key is taken, the writer reads the stored
 *       object's {@code pinpipe-end-offset}, drops the buffered records it holds and goes on with the
 *       rest: a stale (zombie) writer can neither overwrite a newer object nor leave a hole, and a
 *       create retried after a lost answer ("exists with exactly my range") counts as done.
 *   <li>Metadata: {@code pinpipe-start-offset}, {@code pinpipe-end-offset}, {@code pinpipe-record-count}
 *       and {@code pinpipe-from-offset}. Offsets are not records (transaction markers, aborted or
 *       compacted records): an object's lines need not be consecutive offsets.
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
  /**
   * The first offset an object accounts for: one past the end of the object stored before it, as its
   * writer knew it. Offsets from there to the object's start are not records (markers, aborted
   * records), so a reader can tell them from a missing object with the store alone.
   */
  static final String FROM_OFFSET = "pinpipe-from-offset";
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

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
  private final Map<TopicPartition, Long> uploadedEnd = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Skip> skips = new ConcurrentHashMap<>();
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
   * either area ({@code pinpipe-end-offset}), or -1 when nothing of the partition is stored yet. When
   * the newest object has no pinpipe metadata (another tool wrote it, or a local store crashed between
   * the object and its sidecar), its range is unknown: offsets are not records, so its end cannot be
   * computed from its line count. The writer then answers that object's start offset and skips as
   * many records as the object holds, by count.
   *
   * @throws StorageException when the store cannot be listed or read
   */
  public long resumeOffset(String topic, int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    skips.remove(tp);
    long end = -1;
    ObjectKey unknown = null;
    long unknownRecords = 0;
    for (ArchiveArea area : ArchiveArea.values()) {
      Optional<ObjectKey> newest = store.list(ObjectKey.partitionPrefix(root, area, topic, partition)).stream()
          .map(ObjectKey::parse).flatMap(Optional::stream)
          .filter(k -> k.topic().equals(topic) && k.partition() == partition)
          .max(Comparator.comparingLong(ObjectKey::startOffset));
      if (newest.isEmpty()) {
        continue;
      }
      Map<String, String> metadata = store.metadata(newest.get().key()).orElse(Map.of());
      String stored = metadata.get(END_OFFSET);
      if (stored != null) {
        end = Math.max(end, Long.parseLong(stored));
      } else if (unknown == null || newest.get().startOffset() > unknown.startOffset()) {
        unknown = newest.get();
        String count = metadata.get(RECORD_COUNT);
        unknownRecords = count != null ? Long.parseLong(count) : ArchiveReader.lines(store.get(unknown.key()), unknown.gzip()).size();
      }
    }
    if (unknown != null && unknown.startOffset() > end && unknownRecords > 0) {
      LOG.warn("{} has no {}: resuming at its start and skipping the {} records it holds", unknown.key(), END_OFFSET, unknownRecords);
      if (end >= 0) {
        uploadedEnd.put(tp, end);
      } else {
        uploadedEnd.remove(tp);
      }
      skips.put(tp, new Skip(unknown.startOffset(), unknownRecords));
      return unknown.startOffset();
    }
    if (end >= 0) {
      uploadedEnd.put(tp, end);
    } else {
      uploadedEnd.remove(tp);
    }
    return end < 0 ? -1 : end + 1;
  }

  /** Records still to skip on a partition whose newest object has no pinpipe metadata (its range is unknown). */
  private static final class Skip {
    final long from;
    long remaining;
    long lastSeen = -1;

    Skip(long from, long remaining) {
      this.from = from;
      this.remaining = remaining;
    }
  }

  /** Whether {@code offset} is one of the records a stored object without metadata holds; consumes it. */
  private boolean skipped(TopicPartition tp, long offset) {
    Skip skip = skips.get(tp);
    if (skip == null) {
      return false;
    }
    if (offset < skip.from || offset <= skip.lastSeen) {
      return true; // a replay of what was counted already
    }
    skip.lastSeen = offset;
    if (--skip.remaining <= 0) {
      skips.remove(tp);
      uploadedEnd.merge(tp, offset, Math::max);
    }
    return true;
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
    if (skipped(tp, offset)) {
      return;
    }
    PartitionBuffer buffer = buffers.computeIfAbsent(tp, k -> new PartitionBuffer(topic, partition));
    if (buffer.end() >= offset || uploadedEnd.getOrDefault(tp, -1L) >= offset) {
      return; // already buffered or stored: a replay after a seek, never archived twice
    }
    long now = clock.millis();
    RecordValidator.Outcome outcome = RecordValidator.check(value);
    long before = buffer.bytes();
    if (outcome.line() == null) {
      if (failOnBadRecords) {
        throw new BadRecordException(topic, partition, offset, outcome.reason());
      }
      if (buffer.data.count > 0) {
        flush(List.of(buffer)); // keep data objects contiguous
        before = buffer.bytes();
      }
      buffer.appendError(offset, outcome.reason(), value, now);
    } else {
      if (buffer.data.count > 0 && !rotation.rotateInterval().isZero()
          && timestamp - buffer.firstTimestamp >= rotation.rotateInterval().toMillis()) {
        flush(List.of(buffer));
        before = buffer.bytes();
      }
      buffer.append(offset, timestamp, outcome.line(), now);
    }
    buffered += buffer.bytes() - before;
    if ((rotation.flushSize() > 0 && buffer.data.count >= rotation.flushSize())
        || (rotation.maxBytes() > 0 && buffer.data.bytes.size() >= rotation.maxBytes())) {
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
      skips.remove(tp);
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
      end = Math.max(end, buffer.end());
    }
    Skip skip = skips.get(tp);
    if (skip != null) {
      end = Math.max(end, skip.lastSeen >= 0 ? skip.lastSeen : skip.from - 1);
    }
    return end < 0 ? -1 : end + 1;
  }

  /** Partitions this writer holds buffered records of. */
  public List<TopicPartition> bufferedPartitions() {
    List<TopicPartition> held = new ArrayList<>();
    buffers.forEach((tp, buffer) -> {
      if (!buffer.isEmpty()) {
        held.add(tp);
      }
    });
    return held;
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
    uploadArea(tp, buffer.errors, ArchiveArea.ERRORS, errors); // errors first: they precede the data that follows them
    uploadArea(tp, buffer.data, ArchiveArea.TOPICS, records);
    synchronized (this) {
      buffer.resetClockIfEmpty();
    }
  }

  /**
   * Creates the open object's key. When the key is taken (another writer, or an earlier attempt of
   * this one whose answer was lost, created it), reads the stored object's range, drops the buffered
   * records it holds, and tries again with what remains, under the key of its new first offset.
   */
  private void uploadArea(TopicPartition tp, OpenObject open, ArchiveArea area, LongAdder counter) {
    while (open.count > 0) {
      ObjectKey key = new ObjectKey(root, area, tp.topic(), tp.partition(), open.start, gzip);
      long held = open.capacity();
      byte[] body = gzip ? gzip(open.bytes) : open.bytes.toByteArray();
      Map<String, String> metadata = Map.of(START_OFFSET, Long.toString(open.start), END_OFFSET, Long.toString(open.end),
          RECORD_COUNT, Integer.toString(open.count), FROM_OFFSET, Long.toString(fromOffset(tp, open.start)));
      long storedEnd;
      try {
        createWithRetries(key, body, metadata);
        storedEnd = open.end;
        count(counter, open.count, body.length);
      } catch (ObjectExistsException e) {
        Map<String, String> stored = store.metadata(key.key()).orElse(Map.of());
        String end = stored.get(END_OFFSET);
        if (end != null) {
          storedEnd = Long.parseLong(end);
        } else {
          // another tool's object, or a local store's creator between object and sidecar: count its records
          int lines = ArchiveReader.lines(store.get(key.key()), key.gzip()).size();
          if (lines == 0) {
            throw new StorageException("Cannot upload " + key.key() + ": an empty object without metadata holds the key", e);
          }
          storedEnd = lines >= open.count ? open.end : open.offset(lines - 1);
          if (lines > open.count) {
            LOG.warn("{} holds {} records more than this writer buffered; they are skipped as they arrive", key.key(), lines - open.count);
            skips.put(tp, new Skip(open.end + 1, lines - open.count));
          }
        }
        boolean ours = storedEnd == open.end && Integer.toString(open.count).equals(stored.get(RECORD_COUNT));
        if (ours) {
          count(counter, open.count, body.length); // our own create, retried after its answer was lost
        }
        LOG.info("{} exists ({}); it holds offsets up to {}, the rest goes on from there", key.key(),
            ours ? "an earlier attempt of this writer" : "written by another writer", storedEnd);
      }
      synchronized (this) {
        uploadedEnd.merge(tp, storedEnd, Math::max);
        if (storedEnd >= open.end) {
          open.clear();
        } else {
          open.dropThrough(storedEnd);
        }
        buffered -= held - open.capacity();
      }
    }
  }

  private void count(LongAdder counter, int records, int length) {
    objects.increment();
    bytes.add(length);
    counter.add(records);
  }

  /** The first offset an object starting at {@code start} accounts for: one past what the store holds before it. */
  private long fromOffset(TopicPartition tp, long start) {
    Long end = uploadedEnd.get(tp);
    return end == null || end >= start ? start : end + 1;
  }

  private void createWithRetries(ObjectKey key, byte[] body, Map<String, String> metadata) {
    Backoff backoff = initialBackoff.isZero() ? null : new Backoff(initialBackoff, MAX_BACKOFF.compareTo(initialBackoff) < 0 ? initialBackoff : MAX_BACKOFF);
    for (int attempt = 1; ; attempt++) {
      try {
        store.create(key.key(), body, metadata);
        return;
      } catch (ObjectExistsException e) {
        throw e;
      } catch (StorageException e) {
        if (attempt >= maxAttempts) {
          throw maxAttempts == 1 ? e
              : new StorageException("Cannot upload " + key.key() + " after " + attempt + " attempts: " + e.getMessage(), e);
        }
        Duration wait = backoff == null ? Duration.ZERO : backoff.next();
        LOG.warn("Upload of {} failed (attempt {} of {}), retrying in {} ms: {}", key.key(), attempt, maxAttempts,
            wait.toMillis(), e.getMessage());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StorageException("Cannot upload " + key.key() + ": interrupted", interrupted);
        }
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

    /**
     * Attempts per upload before the failure reaches the caller (default 10, jittered {@link Backoff}
     * from 200 ms, doubling, at most 30 s; {@link Duration#ZERO} retries at once). Drivers that retry
     * themselves without blocking their poll loop (the {@link Archiver}, the Connect task) use 1.
     */
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
