package io.pinpipe.storage.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.PartitionCheck;
import io.pinpipe.storage.StorageException;
import io.pinpipe.storage.local.LocalDirectoryStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task as Connect 4.4 drives it, without a worker: only a {@link RetriableException} from
 * {@code put} keeps a task alive, and anything thrown from {@code open}, {@code close} or {@code stop}
 * fails it. The store is a real local directory behind a switch that makes every call fail (an outage
 * without SDK retry timing). The timeout keeps a regression to long writer retries from hanging.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ArchiveSinkTaskTest {
  private static final String TOPIC = "t.pin";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  @TempDir
  Path dir;
  private ObjectStore real;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger faults = new AtomicInteger();
  private RecordingContext context;
  private ArchiveSinkTask task;

  @BeforeEach
  void setUp() {
    real = LocalDirectoryStore.open(dir);
  }

  @AfterEach
  void tearDown() {
    down.set(false);
    if (task != null) {
      task.stop();
    }
  }

  @Test
  void openNeverThrowsWhileTheStoreIsDownAndTheResumePointIsLookedUpBeforeAnythingIsWritten() {
    start(Map.of(ArchiveSinkConfig.FLUSH_SIZE, "5"), null);
    task.open(List.of(TP));
    task.put(records(0, 5)); // stores 0-4
    task.close(List.of(TP));

    down.set(true);
    task.open(List.of(TP)); // Connect would fail the task on any exception here
    assertThat(context.offsets).as("nothing sought while the store cannot say").isEmpty();
    // Connect starts from its committed offset (none: 0); the store is still down at the first batch
    assertThatThrownBy(() -> task.put(records(0, 10))).isInstanceOf(RetriableException.class);
    assertThat(context.timeouts).hasSize(1);

    down.set(false);
    task.put(records(0, 10)); // the redelivered batch: 0-4 are stored already, 5-9 go into one object
    assertThat(context.offsets).containsEntry(TP, 5L);
    task.stop();
    task = null;
    assertExact(10);
  }

  @Test
  void putTurnsAStoreOutageIntoRetriableWithABackoffAndTheRedeliveredBatchIsArchivedOnce() {
    start(Map.of(ArchiveSinkConfig.FLUSH_SIZE, "4"), null);
    task.open(List.of(TP));
    down.set(true);
    assertThatThrownBy(() -> task.put(records(0, 10))).isInstanceOf(RetriableException.class)
        .hasCauseInstanceOf(StorageException.class);
    assertThatThrownBy(() -> task.put(records(0, 10))).isInstanceOf(RetriableException.class);
    assertThat(context.timeouts).as("Connect waits before redelivering").hasSize(2).allSatisfy(t -> assertThat(t).isPositive());
    assertThat(faults.get()).as("one attempt per put: Connect retries, not the writer").isLessThanOrEqualTo(2);

    down.set(false);
    task.put(records(0, 10));
    assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(10)))).containsEntry(TP, new OffsetAndMetadata(10));
    task.stop();
    task = null;
    assertExact(10);
  }

  @Test
  void closeNeverThrowsAndAlwaysDiscardsWhatItCouldNotUpload() {
    start(Map.of(ArchiveSinkConfig.FLUSH_SIZE, "100"), null);
    task.open(List.of(TP));
    task.put(records(0, 3)); // buffered
    down.set(true);
    task.close(List.of(TP)); // Connect would fail the task on any exception here
    down.set(false);
    assertThat(task.preCommit(Map.of(TP, new OffsetAndMetadata(3)))).as("nothing to commit").isEmpty();
    task.stop(); // would upload 0-2 if close had kept them: the partition may have a new owner by now
    task = null;
    assertThat(real.list("")).as("the buffer was discarded").isEmpty();
  }

  @Test
  void stopNeverThrowsWhenTheLastUploadFails() {
    start(Map.of(ArchiveSinkConfig.FLUSH_SIZE, "100"), null);
    task.open(List.of(TP));
    task.put(records(0, 3));
    down.set(true);
    task.stop();
    task = null;
  }

  @Test
  void valuesThatCannotBeArchivedGoToTheErrantRecordReporterWhenOneIsConfigured() {
    List<SinkRecord> reported = new ArrayList<>();
    List<Throwable> reasons = new ArrayList<>();
    start(Map.of(ArchiveSinkConfig.FLUSH_SIZE, "2"), (record, error) -> {
      reported.add(record);
      reasons.add(error);
      return CompletableFuture.completedFuture(null);
    });
    task.open(List.of(TP));
    SinkRecord bad = new SinkRecord(TOPIC, 0, null, null, null, 5, 2, 0L, TimestampType.CREATE_TIME);
    List<SinkRecord> batch = new ArrayList<>(records(0, 2));
    batch.add(bad);
    batch.addAll(records(3, 2));
    task.put(batch);
    assertThat(reported).containsExactly(bad);
    assertThat(reasons).singleElement().isInstanceOf(DataException.class);
    task.stop();
    task = null;
    assertThat(new ArchiveReader(real, "rt").check(TOPIC)).singleElement()
        .satisfies(c -> assertThat(c.records()).isEqualTo(4));
  }

  @Test
  void withoutAReporterAValueThatCannotBeArchivedStillFailsThePut() {
    start(Map.of(ArchiveSinkConfig.FLUSH_SIZE, "2"), null);
    task.open(List.of(TP));
    SinkRecord bad = new SinkRecord(TOPIC, 0, null, null, null, 5, 0, 0L, TimestampType.CREATE_TIME);
    assertThatThrownBy(() -> task.put(List.of(bad))).isInstanceOf(DataException.class);
  }

  private void start(Map<String, String> overrides, ErrantRecordReporter reporter) {
    Map<String, String> props = new HashMap<>();
    props.put(ArchiveSinkConfig.BUCKET, "unused");
    props.put(ArchiveSinkConfig.ROOT, "rt");
    props.put(ArchiveSinkConfig.IDLE_INTERVAL_MS, "0");
    props.putAll(overrides);
    context = new RecordingContext(reporter);
    task = new ArchiveSinkTask(config -> flaky(real));
    task.initialize(context);
    task.start(props);
  }

  /** The real store, except that every call fails while {@link #down} is set. */
  private ObjectStore flaky(ObjectStore delegate) {
    InvocationHandler handler = (proxy, method, args) -> {
      boolean storeCall = method.getDeclaringClass() == ObjectStore.class && !method.getName().equals("close");
      if (storeCall && down.get()) {
        faults.incrementAndGet();
        throw new StorageException("Cannot " + method.getName() + ": injected outage", null);
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (ObjectStore) Proxy.newProxyInstance(ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
        handler);
  }

  private void assertExact(long records) {
    List<PartitionCheck> checks = new ArchiveReader(real, "rt").check(TOPIC);
    assertThat(checks).singleElement().satisfies(c -> {
      assertThat(c.exact()).as(c.toString()).isTrue();
      assertThat(c.firstOffset()).isZero();
      assertThat(c.records()).isEqualTo(records);
    });
  }

  private static List<SinkRecord> records(long from, int count) {
    List<SinkRecord> records = new ArrayList<>();
    for (long offset = from; offset < from + count; offset++) {
      byte[] value = ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8);
      records.add(new SinkRecord(TOPIC, 0, null, null, null, value, offset, 1_000L + offset, TimestampType.CREATE_TIME));
    }
    return records;
  }

  /** What Connect's context would do, recorded. */
  private static final class RecordingContext implements SinkTaskContext {
    final Map<TopicPartition, Long> offsets = new HashMap<>();
    final List<Long> timeouts = new ArrayList<>();
    private final ErrantRecordReporter reporter;

    RecordingContext(ErrantRecordReporter reporter) {
      this.reporter = reporter;
    }

    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
      this.offsets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
      offsets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
      timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of(TP);
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return reporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
