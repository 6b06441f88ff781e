package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.Topics;
import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker restarts twice while a producer sends and the archiver archives: every acknowledged
 * record is archived exactly once, every partition has no gap or overlap, and both sides recover.
 */
class BrokerRestartIT {
  private static final int RECORDS = 60_000;

  @Test
  void acknowledgedRecordsAreArchivedExactlyOnceAcrossBrokerRestarts(@TempDir Path dir) throws Exception {
    Topics topics = Topics.forPrefix("restart");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).start();
        LocalDirectoryStore store = LocalDirectoryStore.open(dir)) {
      kafka.createTopic(topics.pin(), 3);
      Archiver archiver =
          Archiver.builder(kafka.clientProperties(), List.of(topics.pin()), store, "archive")
              .rotation(RotationPolicy.defaults().withFlushSize(2_000).withIdleInterval(Duration.ofMillis(500)))
              .build()
              .start();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicLong failed = new AtomicLong();
      Map<String, Object> props = new HashMap<>(kafka.clientProperties());
      props.putAll(Map.of("acks", "all", "enable.idempotence", true, "linger.ms", 5, "delivery.timeout.ms", 120_000,
          "request.timeout.ms", 10_000));
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        for (int i = 0; i < RECORDS; i++) {
          String value = "{\"index\":" + i + "}";
          producer.send(new ProducerRecord<>(topics.pin(), Integer.toString(i).getBytes(StandardCharsets.US_ASCII),
                  value.getBytes(StandardCharsets.UTF_8)),
              (metadata, error) -> {
                if (error == null) {
                  acknowledged.add(value);
                } else {
                  failed.incrementAndGet();
                }
              });
          if (i == RECORDS / 3 || i == 2 * RECORDS / 3) {
            producer.flush();
            kafka.restart();
          }
        }
        producer.flush();
      }
      ArchiverIT.await(() -> archiver.metrics().records() >= acknowledged.size() && archiver.metrics().lag() == 0,
          acknowledged.size() + " acknowledged records archived");
      archiver.close();

      assertThat(failed.get()).as("the producer rides out both restarts").isZero();
      assertThat(acknowledged).hasSize(RECORDS);
      ArchiveReader reader = new ArchiveReader(store, "archive");
      List<PartitionCheck> checks = reader.check(topics.pin());
      assertThat(checks).allSatisfy(c -> assertThat(c.exact()).as(c.toString()).isTrue());
      List<String> archived = new ArrayList<>();
      for (PartitionCheck check : checks) {
        reader.records(topics.pin(), check.partition(), check.firstOffset(), check.lastOffset(),
            r -> archived.add(new String(r.value(), StandardCharsets.UTF_8)));
      }
      assertThat(archived).as("no record twice").doesNotHaveDuplicates();
      assertThat(new HashSet<>(archived)).as("every acknowledged record").containsAll(acknowledged);
    }
  }
}
