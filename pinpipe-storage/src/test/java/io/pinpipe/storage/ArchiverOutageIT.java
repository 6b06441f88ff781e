package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 3: store outages pause the archiver, they neither stop it nor push it out of its group. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ArchiverOutageIT {
  @TempDir Path dir;

  @Test
  void aResumeLookupFailingDuringAssignmentIsRetriedNotFatal(EmbeddedKafka kafka) throws Exception {
    String topic = "outage-assign.pin";
    kafka.createTopic(topic, 2);
    ArchiverIT.produceChecked(kafka, topic, 2, 100, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    FlakyStore store = new FlakyStore(LocalDirectoryStore.open(dir));
    store.failAll.set(true); // the store is down when the partitions are assigned
    Archiver archiver = Archiver.builder(kafka.clientProperties(), List.of(topic), store, "oa").groupId("outage-assign")
        .rotation(RotationPolicy.defaults().withFlushSize(50).withIdleInterval(Duration.ofMillis(300)))
        .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
        .build().start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < until) {
        assertThat(archiver.failure()).as("the worker survives the failing lookups").isNull();
        LockSupport.parkNanos(100_000_000L);
      }
      assertThat(store.served.get()).as("lookups really failed").isPositive();
      store.failAll.set(false);
      ArchiverIT.await(() -> archiver.failure() != null || archiver.metrics().records() >= 200, "200 records archived");
      assertThat(archiver.failure()).isNull();
    } finally {
      store.failAll.set(false);
      archiver.close();
    }
    List<PartitionCheck> checks = new ArchiveReader(store.delegate, "oa").check(topic);
    assertThat(checks).hasSize(2).allSatisfy(c -> {
      assertThat(c.exact()).as(c.toString()).isTrue();
      assertThat(c.records()).isEqualTo(100);
    });
    assertThat(archiver.metrics().records()).isEqualTo(200);
  }

  @Test
  void anOutageLongerThanAllRetriesKeepsTheWorkerInItsGroup(EmbeddedKafka kafka) throws Exception {
    String topic = "outage-long.pin";
    String group = "outage-long";
    kafka.createTopic(topic, 2);
    FlakyStore store = new FlakyStore(LocalDirectoryStore.open(dir));
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 5_000);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    Archiver archiver = Archiver.builder(props, List.of(topic), store, "ol").groupId(group)
        .rotation(RotationPolicy.defaults().withFlushSize(50).withIdleInterval(Duration.ofMillis(300)))
        .build().start();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    Thread producer = new Thread(() -> {
      try (KafkaProducer<byte[], byte[]> out = ArchiverIT.producer(kafka)) {
        for (int i = 0; producing.get(); i++) {
          out.send(new ProducerRecord<>(topic, i % 2, null, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))).get();
          sent.incrementAndGet();
          LockSupport.parkNanos(5_000_000L);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "outage-producer");
    producer.start();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      ArchiverIT.await(() -> archiver.metrics().records() > 100, "archiving under way");
      store.failAll.set(true); // S3 unreachable for longer than max.poll.interval.ms and the writer's retries
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
      while (System.nanoTime() < until) {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        assertThat(description.members()).as("the worker stays in its group during the outage").isNotEmpty();
        assertThat(archiver.failure()).isNull();
        LockSupport.parkNanos(500_000_000L);
      }
      assertThat(store.served.get()).as("the outage was really injected").isPositive();
      store.failAll.set(false);
      producing.set(false);
      producer.join();
      ArchiverIT.await(() -> archiver.metrics().records() >= sent.get() && archiver.metrics().lag() == 0, "everything archived after the outage");
    } finally {
      producing.set(false);
      store.failAll.set(false);
      archiver.close();
    }
    assertThat(archiver.failure()).isNull();
    List<PartitionCheck> checks = new ArchiveReader(store.delegate, "ol").check(topic);
    assertThat(checks).hasSize(2).allSatisfy(c -> assertThat(c.exact()).as(c.toString()).isTrue());
    assertThat(checks.stream().mapToLong(PartitionCheck::records).sum()).as("nothing lost, nothing twice").isEqualTo(sent.get());
    assertThat(archiver.metrics().records()).isEqualTo(sent.get());
  }
}
