package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 4: offsets are not records. A transactional topic with aborted transactions archives exactly and checks clean. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ArchiverTransactionalIT {
  @TempDir Path dir;

  @Test
  void aTransactionalTopicArchivesExactlyTheCommittedRecordsAndChecksClean(EmbeddedKafka kafka) throws Exception {
    String topic = "txn.pin";
    kafka.createTopic(topic, 2);
    Map<String, Object> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn-archiver-test");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      int n = 0;
      for (int txn = 0; txn < 40; txn++) {
        producer.beginTransaction();
        for (int i = 0; i < 10; i++, n++) {
          producer.send(new ProducerRecord<>(topic, n % 2, null, ("{\"n\":" + n + ",\"txn\":" + txn + "}").getBytes(StandardCharsets.UTF_8)));
        }
        if (txn % 4 == 3) {
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }
    Map<Integer, List<String>> committed = readCommitted(kafka, topic);
    assertThat(committed.values().stream().mapToInt(List::size).sum()).isEqualTo(300);

    LocalDirectoryStore store = LocalDirectoryStore.open(dir);
    // 7 cuts objects inside transactions and across markers and aborted runs
    Archiver archiver = Archiver.builder(kafka.clientProperties(), List.of(topic), store, "tx").groupId("txn-archiver")
        .rotation(RotationPolicy.defaults().withFlushSize(7).withIdleInterval(Duration.ofMillis(300))).build().start();
    try {
      ArchiverIT.await(() -> archiver.metrics().records() >= 300 && archiver.metrics().lag() == 0
          && archiver.metrics().bufferedBytes() == 0, "the committed records archived");
    } finally {
      archiver.close();
    }
    assertThat(archiver.failure()).isNull();
    assertThat(archiver.metrics().records()).isEqualTo(300);

    ArchiveReader reader = new ArchiveReader(store, "tx");
    List<PartitionCheck> checks = reader.check(topic);
    assertThat(checks).hasSize(2).allSatisfy(c -> {
      assertThat(c.overlaps()).as(c.toString()).isEmpty();
      assertThat(c.gaps()).as(c.toString()).isEmpty();
      assertThat(c.exact()).as(c.toString()).isTrue();
      assertThat(c.records()).isEqualTo(150);
    });
    for (int p = 0; p < 2; p++) {
      List<String> archived = new ArrayList<>();
      reader.records(topic, p, 0, Long.MAX_VALUE, r -> archived.add(new String(r.value(), StandardCharsets.UTF_8)));
      assertThat(archived).as("partition " + p + ": exactly what read_committed reads, in order").isEqualTo(committed.get(p));
      assertThat(archived).noneMatch(v -> v.matches(".*\"txn\":(3|7|11|15|19|23|27|31|35|39)}"));
    }
  }

  private static Map<Integer, List<String>> readCommitted(EmbeddedKafka kafka, String topic) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<Integer, List<String>> out = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(new String(r.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }
}
