package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedS3Extension.class})
class ArchiverIT {
  @Test
  void archivesAHundredThousandRecordsPerTopicExactlyOnceAndResumesAfterARestart(EmbeddedKafka kafka, EmbeddedS3 s3) {
    Topics topics = Topics.forPrefix("arch100k");
    topics.all().forEach(t -> kafka.createTopic(t, 3));
    produce(kafka, topics, 0, 100_000);
    try (S3ObjectStore store = store(s3)) {
      Archiver archiver = archiver(kafka, topics, store, "run1", RotationPolicy.defaults().withFlushSize(5_000).withIdleInterval(Duration.ofSeconds(1))).start();
      awaitArchived(archiver, 300_000);
      archiver.close();

      ArchiveReader reader = new ArchiveReader(store, "run1");
      for (String topic : topics.all()) {
        List<PartitionCheck> checks = reader.check(topic);
        assertThat(checks).hasSize(3).allSatisfy(c -> {
          assertThat(c.exact()).as(c.toString()).isTrue();
          assertThat(c.firstOffset()).isZero();
          assertThat(c.errorRecords()).isZero();
        });
        assertThat(checks.stream().mapToLong(PartitionCheck::records).sum()).as(topic).isEqualTo(100_000);
        assertThat(reader.objects(ArchiveArea.TOPICS, topic)).allSatisfy(k -> assertThat(k.key())
            .matches("run1/topics/" + topic.replace(".", "\\.") + "/partition=\\d/" + topic.replace(".", "\\.")
                + "\\+\\d\\+\\d{10}\\.json"));
      }
      List<String> firstPins = new ArrayList<>();
      reader.records(topics.pin(), 0, 0, 2, r -> firstPins.add(new String(r.value(), StandardCharsets.UTF_8)));
      assertThat(firstPins).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{\"index\":"));

      // a restarted archiver (new group, so committed offsets cannot help) resumes from the store
      produce(kafka, topics, 100_000, 10_000);
      Archiver restarted = Archiver.builder(kafka.clientProperties(), topics.all(), store, "run1")
          .groupId("arch100k-other-group").rotation(RotationPolicy.defaults().withFlushSize(5_000).withIdleInterval(Duration.ofSeconds(1))).build().start();
      awaitArchived(restarted, 30_000);
      restarted.close();
      for (String topic : topics.all()) {
        List<PartitionCheck> checks = reader.check(topic);
        assertThat(checks).allSatisfy(c -> assertThat(c.exact()).as(c.toString()).isTrue());
        assertThat(checks.stream().mapToLong(PartitionCheck::records).sum()).isEqualTo(110_000);
      }
      assertThat(restarted.metrics().records()).as("nothing archived twice").isEqualTo(30_000);
    }
  }

  @Test
  void badRecordsLandInTheErrorsAreaAndTheGoodOnesFlowOn(EmbeddedKafka kafka, EmbeddedS3 s3) {
    kafka.createTopic("arch-bad.pin", 1);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (int i = 0; i < 100; i++) {
        byte[] value = i % 10 == 3 ? ("broken {" + i).getBytes(StandardCharsets.UTF_8)
            : ("{\"index\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>("arch-bad.pin", value));
      }
    }
    try (S3ObjectStore store = store(s3)) {
      Archiver archiver = Archiver.builder(kafka.clientProperties(), List.of("arch-bad.pin"), store, "bad")
          .groupId("arch-bad").rotation(RotationPolicy.defaults().withFlushSize(1_000).withIdleInterval(Duration.ofMillis(500)))
          .build().start();
      await(() -> archiver.metrics().records() + archiver.metrics().errors() == 100, "all 100 records stored");
      archiver.close();
      PartitionCheck check = new ArchiveReader(store, "bad").check("arch-bad.pin").get(0);
      assertThat(check.exact()).isTrue();
      assertThat(check.records()).isEqualTo(90);
      assertThat(check.errorRecords()).isEqualTo(10);
      assertThat(new String(store.get("bad/errors/arch-bad.pin/partition=0/arch-bad.pin+0+0000000003.json"), StandardCharsets.UTF_8))
          .startsWith("{\"offset\":3,\"reason\":\"invalid JSON");
    }
  }

  @Test
  void anIdlePartitionIsFlushedWithinTheIdleInterval(EmbeddedKafka kafka, EmbeddedS3 s3) {
    kafka.createTopic("arch-idle.geo", 1);
    try (S3ObjectStore store = store(s3)) {
      Archiver archiver = Archiver.builder(kafka.clientProperties(), List.of("arch-idle.geo"), store, "idle")
          .groupId("arch-idle").rotation(RotationPolicy.defaults().withFlushSize(1_000_000).withIdleInterval(Duration.ofSeconds(1)))
          .build().start();
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
        for (int i = 0; i < 7; i++) {
          producer.send(new ProducerRecord<>("arch-idle.geo", ("{\"ind\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
      }
      long sent = System.nanoTime();
      await(() -> archiver.metrics().records() == 7, "the 7 records of an idle partition stored");
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(15));
      assertThat(archiver.metrics().lag()).isZero();
      archiver.close();
    }
  }

  static S3ObjectStore store(EmbeddedS3 s3) {
    return S3ObjectStore.builder(EmbeddedS3Extension.BUCKET).endpoint(s3.endpoint()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).build();
  }

  private static Archiver archiver(EmbeddedKafka kafka, Topics topics, ObjectStore store, String root, RotationPolicy rotation) {
    return Archiver.builder(kafka.clientProperties(), topics.all(), store, root).groupId("archiver-" + root)
        .rotation(rotation).build();
  }

  static void produce(EmbeddedKafka kafka, Topics topics, int from, int count) {
    PostGenerator generator = PostGenerator.withSeed(8);
    JsonCodec codec = JsonCodec.standard();
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      generator.posts(from + count).skip(from).forEach(post -> {
        byte[] key = Integer.toString(post.ind()).getBytes(StandardCharsets.US_ASCII);
        for (RecordType type : RecordType.values()) {
          producer.send(new ProducerRecord<>(topics.topic(type), key, codec.encode(post.record(type))));
        }
      });
    }
  }

  /** Sends {@code perPartition} copies of {@code value} to every partition and fails unless Kafka took them all. */
  static void produceChecked(EmbeddedKafka kafka, String topic, int partitions, int perPartition, byte[] value)
      throws Exception {
    List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
      for (int round = 0; round < perPartition; round++) {
        for (int p = 0; p < partitions; p++) {
          acks.add(producer.send(new ProducerRecord<>(topic, p, null, value)));
        }
      }
    }
    for (var ack : acks) {
      ack.get(); // a lost test record would make the archive look wrong
    }
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "linger.ms", 5),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void awaitArchived(Archiver archiver, long records) {
    await(() -> archiver.metrics().records() >= records && archiver.metrics().lag() == 0, records + " records archived");
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
    }
  }
}
