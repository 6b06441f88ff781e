package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** S3 answering 503 and 500 and resetting connections for a while delays the archive but loses and doubles nothing. */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedS3Extension.class})
class ArchiverFaultIT {
  private static final int RECORDS = 30_000;

  @Test
  void storeFaultsDelayButLoseAndDoubleNothing(EmbeddedKafka kafka, EmbeddedS3 s3) throws Exception {
    String topic = "fault.pin";
    kafka.createTopic(topic, 3);
    try (FaultyProxy proxy = new FaultyProxy(s3.endpoint().getPort());
        S3ObjectStore store = S3ObjectStore.builder(EmbeddedS3Extension.BUCKET).endpoint(proxy.uri()).region(s3.region())
            .credentials(s3.accessKey(), s3.secretKey()).build();
        S3ObjectStore direct = ArchiverIT.store(s3)) {
      Archiver archiver = Archiver.builder(kafka.clientProperties(), List.of(topic), store, "faults").groupId("faults")
          .rotation(RotationPolicy.defaults().withFlushSize(1_000).withIdleInterval(Duration.ofMillis(300))).build().start();
      Thread producer = new Thread(() -> {
        try (KafkaProducer<byte[], byte[]> out = ArchiverIT.producer(kafka)) {
          for (int i = 0; i < RECORDS; i++) {
            out.send(new ProducerRecord<>(topic, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            if (i % 3_000 == 0) {
              java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L);
            }
          }
        }
      });
      producer.start();
      java.util.concurrent.locks.LockSupport.parkNanos(800_000_000L);
      proxy.fail(503, Duration.ofSeconds(3));
      java.util.concurrent.locks.LockSupport.parkNanos(4_000_000_000L);
      proxy.fail(500, Duration.ofSeconds(2));
      producer.join();
      ArchiverIT.await(() -> archiver.metrics().records() >= RECORDS && archiver.metrics().lag() == 0, "all records archived");
      archiver.close();

      assertThat(proxy.faultsServed()).as("faults were really injected").isPositive();
      List<PartitionCheck> checks = new ArchiveReader(direct, "faults").check(topic);
      assertThat(checks).hasSize(3).allSatisfy(c -> assertThat(c.exact()).as(c.toString()).isTrue());
      assertThat(checks.stream().mapToLong(PartitionCheck::records).sum()).isEqualTo(RECORDS);
      assertThat(archiver.metrics().records()).as("nothing stored twice").isEqualTo(RECORDS);
    }
  }
}
