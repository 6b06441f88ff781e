package io.pinpipe.storage;

import io.pinpipe.model.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives Kafka topics into an {@link ObjectStore}, exactly once, as a consumer group: run it
 * embedded in any JVM. Each worker thread has its own consumer and {@link ArchiveWriter}.
 *
 * <p>On assignment a partition is sought to {@link ArchiveWriter#resumeOffset} (the stored objects are
 * the truth, committed offsets only mirror them for lag monitoring); on revocation its buffer is
 * uploaded and committed first. When the store fails, the worker rewinds what the failed poll did not
 * hand over, pauses its partitions and keeps polling (so it stays in its group however long the
 * outage), and retries with capped, jittered {@link Backoff}: records are delayed, never lost or
 * doubled. A resume lookup that fails during assignment leaves the partition paused and is retried;
 * a failed offset commit is logged (the store is the truth). Neither stops the worker.
 *
 * <p>{@link #run()} drives one worker on the caller's thread; {@link #start()} runs {@link
 * Builder#threads} workers on their own threads. {@link #close()} (idempotent, any thread) uploads
 * what is buffered, commits and stops. Thread-safe.
 */
public final class Archiver implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
  private static final long MIN_FETCH_BYTES = 64 * 1024;
  private static final long MAX_FETCH_BYTES = 50L * 1024 * 1024;

  private final Builder settings;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean closed;

  private Archiver(Builder builder) {
    this.settings = new Builder(builder); // a copy: changing the builder later does not change a running archiver
  }

  /**
   * A builder for an archiver reading {@code topics} with the consumer properties {@code kafka}
   * (bootstrap servers and security) into {@code store} under {@code root}.
   */
  public static Builder builder(Map<String, Object> kafka, List<String> topics, ObjectStore store, String root) {
    return new Builder(kafka, topics, store, root);
  }

  /** Runs one worker on this thread until {@link #close()}; rethrows a failure that stopped it. */
  @Override
  public void run() {
    Worker worker = new Worker(0, settings.memoryCap);
    workers.add(worker);
    worker.run();
    Throwable stopped = failure.get();
    if (stopped instanceof RuntimeException e) {
      throw e;
    }
  }

  /** Starts {@link Builder#threads} workers on their own threads and returns at once. */
  public synchronized Archiver start() {
    for (int i = 0; i < settings.threads; i++) {
      Worker worker = new Worker(i, settings.memoryCap / settings.threads);
      workers.add(worker);
      Thread thread = new Thread(worker, "pinpipe-archiver-" + i);
      threads.add(thread);
      thread.start();
    }
    LOG.info("Archiver started: {} worker(s) for {} into {} root '{}'", settings.threads, settings.topics,
        settings.store, settings.root);
    return this;
  }

  /** Counters summed over the workers. */
  public ArchiverMetrics metrics() {
    long records = 0;
    long errors = 0;
    long objects = 0;
    long bytes = 0;
    long buffered = 0;
    long lag = 0;
    for (Worker worker : workers) {
      ArchiveStats stats = worker.writer.stats();
      records += stats.records();
      errors += stats.errors();
      objects += stats.objects();
      bytes += stats.bytes();
      buffered += stats.bufferedBytes();
      lag += worker.lag;
    }
    return new ArchiverMetrics(records, errors, objects, bytes, buffered, lag);
  }

  /** The failure that stopped a worker, if any. */
  public Throwable failure() {
    return failure.get();
  }

  /** Uploads what is buffered, commits and stops every worker; waits for started threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    workers.forEach(Worker::wakeup);
    for (Thread thread : threads) {
      try {
        thread.join(Duration.ofMinutes(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One consumer and one writer. */
  private final class Worker implements Runnable, ConsumerRebalanceListener {
    private final int id;
    private final ArchiveWriter writer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Each partition's first offset in the current poll: where a failed poll rewinds a partition the writer holds nothing of. */
    private final Map<TopicPartition, Long> pollStart = new HashMap<>();
    /** Assigned partitions whose resume point the store has not told yet; they stay paused. */
    private final Set<TopicPartition> pendingResume = new LinkedHashSet<>();
    private final Backoff backoff;
    private final Backoff lookupBackoff;
    private boolean storeFailing;
    private long retryAt;
    private long lookupRetryAt;
    private volatile long lag;

    Worker(int id, long memoryCap) {
      this.id = id;
      // The cap covers both sides: the consumer may hold about four fetches (one being received, one
      // completed, the records of one poll, the next prefetched), so a fetch gets 1/16 of the cap and
      // the writer's buffers the other three quarters.
      long fetchBytes = Math.max(MIN_FETCH_BYTES, Math.min(memoryCap / 16, MAX_FETCH_BYTES));
      ArchiveWriter.Builder writerBuilder = ArchiveWriter.builder(settings.store, settings.root)
          .rotation(settings.rotation)
          .memoryCap(Math.max(memoryCap - 4 * fetchBytes, 1024 * 1024))
          .uploadThreads(settings.uploadThreads)
          .uploadAttempts(1, Duration.ZERO); // the worker retries, polling on, instead of blocking in the writer
      this.backoff = new Backoff(settings.retryInitial, settings.retryMax);
      this.lookupBackoff = new Backoff(settings.retryInitial, settings.retryMax);
      if (settings.gzip) {
        writerBuilder.gzip();
      }
      this.writer = writerBuilder.build();
      Map<String, Object> props = new HashMap<>(settings.kafka);
      props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
      // bound what the consumer itself buffers, whatever the partition count
      props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, (int) fetchBytes);
      props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, (int) Math.min(256 * 1024, fetchBytes));
      props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId + "-" + id);
      // the range assignor deals partitions topic by topic: with a prefix's three topics of two
      // partitions, one of three archivers would get none. Round robin spreads them (the classic
      // protocol only; the consumer protocol of KIP-848 assigns on the broker and refuses this key).
      if (!"consumer".equalsIgnoreCase(String.valueOf(props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
        props.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName());
      }
      this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    void wakeup() {
      consumer.wakeup();
    }

    @Override
    public void run() {
      try {
        consumer.subscribe(settings.topics, this);
        while (!closed) {
          try {
            // poll on every turn, also while the store fails: that keeps the worker in its group
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(settings.pollTimeout);
            if (storeFailing) {
              unread(polled);
              if (System.nanoTime() >= retryAt) {
                retryStore();
              }
            } else {
              pollStart.clear();
              for (TopicPartition tp : polled.partitions()) {
                pollStart.put(tp, polled.records(tp).get(0).offset());
              }
              for (ConsumerRecord<byte[], byte[]> record : polled) {
                writer.write(record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
              }
              writer.flushDue();
            }
            resumePending();
            commitUploaded();
            updateLag();
          } catch (StorageException e) {
            if (e instanceof BadRecordException) {
              throw e;
            }
            storeFailed(e);
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        LOG.error("Archiver worker {} stopped: {}", id, e.getMessage());
      } finally {
        shutdown();
      }
    }

    /** An upload failed: rewind what the failed poll did not hand over, pause every partition, retry later. */
    private void storeFailed(StorageException e) {
      if (!storeFailing) {
        rewind(); // only records of the poll that failed need it; nothing is written while failing
      }
      storeFailing = true;
      consumer.pause(consumer.assignment());
      Duration wait = backoff.next();
      retryAt = System.nanoTime() + wait.toNanos();
      LOG.warn("Archiver worker {}: store failing, partitions paused (still polling), retrying in {} ms: {}", id,
          wait.toMillis(), e.getMessage());
    }

    /**
     * One retry of what failed: one partition's buffer first, so a retry against a store that is still
     * down costs one bounded call, then the rest. On success the partitions resume where the store says.
     */
    private void retryStore() {
      writer.bufferedPartitions().stream().findFirst().ifPresent(tp -> writer.flush(List.of(tp)));
      writer.flushAll();
      storeFailing = false;
      backoff.reset();
      Set<TopicPartition> ready = new HashSet<>(consumer.assignment());
      ready.removeAll(pendingResume);
      consumer.resume(ready);
      LOG.info("Archiver worker {}: store reachable again, partitions resumed", id);
    }

    /** Records polled while paused (fetched before the pause) are not archived now: seek back to them. */
    private void unread(ConsumerRecords<byte[], byte[]> polled) {
      for (TopicPartition tp : polled.partitions()) {
        consumer.seek(tp, polled.records(tp).get(0).offset());
      }
    }

    private void shutdown() {
      try {
        writer.flushAll();
        commitUploaded();
      } catch (RuntimeException e) {
        LOG.warn("Archiver worker {}: final upload failed, the next run resumes from the store: {}", id, e.getMessage());
      } finally {
        consumer.close(Duration.ofSeconds(10));
        writer.close();
      }
    }

    /**
     * After a failed upload, seeks every positioned partition to what its writer holds, or, when the
     * writer holds nothing of it, to its first record of the failed poll: no polled record is skipped.
     */
    private void rewind() {
      for (TopicPartition tp : consumer.assignment()) {
        if (pendingResume.contains(tp)) {
          continue; // not positioned yet: the resume lookup seeks it
        }
        long next = writer.nextOffset(tp);
        Long polledFrom = pollStart.get(tp);
        if (next < 0 && polledFrom != null) {
          next = polledFrom;
        }
        if (next >= 0) {
          consumer.seek(tp, next);
        }
      }
      pollStart.clear();
    }

    /** Seeks newly assigned partitions to where the store says they resume; a failing lookup is retried later. */
    private void resumePending() {
      if (pendingResume.isEmpty() || System.nanoTime() < lookupRetryAt) {
        return;
      }
      for (Iterator<TopicPartition> it = pendingResume.iterator(); it.hasNext(); ) {
        TopicPartition tp = it.next();
        long resume;
        try {
          resume = writer.resumeOffset(tp.topic(), tp.partition());
        } catch (StorageException e) {
          Duration wait = lookupBackoff.next();
          lookupRetryAt = System.nanoTime() + wait.toNanos();
          LOG.warn("Archiver worker {}: cannot look up where {} resumes, it stays paused; retrying in {} ms: {}", id, tp,
              wait.toMillis(), e.getMessage());
          return;
        }
        if (resume >= 0) {
          consumer.seek(tp, resume);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
        it.remove();
        if (!storeFailing) {
          consumer.resume(List.of(tp));
        }
      }
      lookupBackoff.reset();
    }

    /** Commits what is stored; a failed commit is not fatal (offsets only mirror the store). */
    private void commitUploaded() {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      writer.uploadedPositions().forEach((tp, next) -> {
        if (consumer.assignment().contains(tp) && !next.equals(committed.get(tp))) {
          offsets.put(tp, new OffsetAndMetadata(next));
        }
      });
      if (offsets.isEmpty()) {
        return;
      }
      try {
        consumer.commitSync(offsets);
        offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
      } catch (CommitFailedException | RebalanceInProgressException | TimeoutException e) {
        LOG.warn("Archiver worker {}: cannot commit {} (the store stays the truth; the next commit catches up): {}", id,
            offsets.keySet(), e.getMessage());
      }
    }

    private void updateLag() {
      long total = 0;
      for (TopicPartition tp : consumer.assignment()) {
        total += consumer.currentLag(tp).orElse(0);
      }
      lag = total;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        if (!storeFailing) { // during an outage the upload would fail anyway: do not hold up the rebalance
          writer.flush(partitions);
        }
        commitUploaded();
      } catch (RuntimeException e) {
        LOG.warn("Archiver worker {}: could not upload revoked partitions; their next owner resumes from the store: {}",
            id, e.getMessage());
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      writer.discard(partitions);
      partitions.forEach(committed::remove);
      partitions.forEach(pollStart::remove);
      pendingResume.removeAll(partitions);
    }

    /** Never throws: Kafka would wrap it and stop the worker. Partitions stay paused until the store says where they resume. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      pendingResume.addAll(partitions);
      consumer.pause(partitions);
      lookupRetryAt = 0;
      try {
        resumePending();
      } catch (RuntimeException e) {
        LOG.warn("Archiver worker {}: resume lookup for {} failed, retrying: {}", id, partitions, e.getMessage());
      }
      LOG.info("Archiver worker {} assigned {}", id, partitions);
    }
  }

  /** Configures an {@link Archiver}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> kafka;
    private final List<String> topics;
    private final ObjectStore store;
    private final String root;
    private String groupId = "pinpipe-archiver";
    private RotationPolicy rotation = RotationPolicy.defaults();
    private boolean gzip;
    private long memoryCap = 64L * 1024 * 1024;
    private int threads = 1;
    private int uploadThreads = 4;
    private Duration pollTimeout = Duration.ofMillis(200);
    private Duration retryInitial = Duration.ofMillis(500);
    private Duration retryMax = Duration.ofSeconds(30);

    private Builder(Builder other) {
      this.kafka = other.kafka;
      this.topics = other.topics;
      this.store = other.store;
      this.root = other.root;
      this.groupId = other.groupId;
      this.rotation = other.rotation;
      this.gzip = other.gzip;
      this.memoryCap = other.memoryCap;
      this.threads = other.threads;
      this.uploadThreads = other.uploadThreads;
      this.pollTimeout = other.pollTimeout;
      this.retryInitial = other.retryInitial;
      this.retryMax = other.retryMax;
    }

    private Builder(Map<String, Object> kafka, List<String> topics, ObjectStore store, String root) {
      this.kafka = Map.copyOf(kafka);
      this.topics = List.copyOf(topics);
      topics.forEach(io.pinpipe.model.Names::checkTopic);
      this.store = Objects.requireNonNull(store, "store");
      this.root = Keys.checkRoot(root);
    }

    /** Consumer group (default {@code pinpipe-archiver}). */
    public Builder groupId(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
      return this;
    }

    /** When buffers become objects. */
    public Builder rotation(RotationPolicy rotation) {
      this.rotation = Objects.requireNonNull(rotation, "rotation");
      return this;
    }

    /** Compress objects with gzip. */
    public Builder gzip() {
      this.gzip = true;
      return this;
    }

    /**
     * Memory all workers may hold in records together (default 64 MiB): the writers' buffers (three
     * quarters) and the consumers' fetches ({@code fetch.max.bytes} = 1/16 of a worker's share, at
     * most 50 MiB, unless the Kafka properties set it).
     */
    public Builder memoryCap(long bytes) {
      this.memoryCap = bytes;
      return this;
    }

    /** Worker threads for {@link Archiver#start()} (default 1). */
    public Builder threads(int threads) {
      this.threads = Math.max(1, threads);
      return this;
    }

    /** Parallel uploads per worker (default 4). */
    public Builder uploadThreads(int threads) {
      this.uploadThreads = Math.max(1, threads);
      return this;
    }

    /** How long a poll waits for records (default 200 ms); also how often idle partitions are checked. */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How long a worker waits before retrying a failing store (uploads and resume lookups): jittered
     * {@link Backoff} from {@code initial} (default 500 ms), doubling up to {@code max} (default 30 s).
     * Meanwhile its partitions are paused and it keeps polling, so it stays in its group.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      new Backoff(initial, max); // validates
      this.retryInitial = initial;
      this.retryMax = max;
      return this;
    }

    /** Builds the archiver; call {@link Archiver#start()} or {@link Archiver#run()}. */
    public Archiver build() {
      return new Archiver(this);
    }
  }
}
