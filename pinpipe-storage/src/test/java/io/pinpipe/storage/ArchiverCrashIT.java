package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills an archiver JVM with SIGKILL five times at random moments while 200,000 records stream in;
 * after a last, undisturbed run every offset is stored exactly once.
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedS3Extension.class})
class ArchiverCrashIT {
  private static final int RECORDS = 200_000;

  @ParameterizedTest(name = "rotation by {0}")
  @ValueSource(strings = {"count", "time"})
  void everyOffsetIsStoredExactlyOnceAfterRepeatedKillNine(String rotation, EmbeddedKafka kafka, EmbeddedS3 s3,
      @TempDir Path logs) throws Exception {
    String topic = "crash-" + rotation + ".pin";
    String root = "crash-" + rotation;
    kafka.createTopic(topic, 3);
    Thread producer = new Thread(() -> {
      try (KafkaProducer<byte[], byte[]> out = ArchiverIT.producer(kafka)) {
        for (int i = 0; i < RECORDS; i++) {
          out.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.US_ASCII),
              ("{\"n\":" + i + ",\"pad\":\"" + "p".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8)));
          if (i % 10_000 == 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(400_000_000L); // stream over several seconds
          }
        }
      }
    });
    producer.start();
    Random random = new Random(rotation.hashCode());
    for (int kill = 1; kill <= 5; kill++) {
      Process archiver = start(kafka, s3, root, topic, rotation, logs.resolve("run-" + kill + ".log"));
      Thread.sleep(1_500 + random.nextInt(2_000));
      archiver.destroyForcibly(); // SIGKILL: no shutdown hook, no final upload, no commit
      assertThat(archiver.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    producer.join();
    Process last = start(kafka, s3, root, topic, rotation, logs.resolve("last.log"));
    try (S3ObjectStore store = ArchiverIT.store(s3)) {
      ArchiveReader reader = new ArchiveReader(store, root);
      // offsets are committed only after their objects are uploaded: cheap to watch, then check once
      ArchiverIT.await(() -> committed(kafka, "crash-" + root) >= RECORDS, "all " + RECORDS + " records committed after the kills");
      List<PartitionCheck> checks = reader.check(topic);
      assertThat(checks).hasSize(3).allSatisfy(c -> {
        assertThat(c.overlaps()).as("no offset stored twice: " + c).isEmpty();
        assertThat(c.gaps()).as("no offset missing: " + c).isEmpty();
        assertThat(c.firstOffset()).isZero();
      });
      assertThat(checks.stream().mapToLong(PartitionCheck::records).sum()).isEqualTo(RECORDS);
    } finally {
      last.destroyForcibly();
      last.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static long committed(EmbeddedKafka kafka, String group) {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientProperties())) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
          .mapToLong(o -> o == null ? 0 : o.offset()).sum();
    } catch (Exception e) {
      return 0;
    }
  }

  private static Process start(EmbeddedKafka kafka, EmbeddedS3 s3, String root, String topic, String rotation, Path log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        ArchiverProcess.class.getName(), kafka.bootstrapServers(), s3.endpoint().toString(), s3.accessKey(),
        s3.secretKey(), EmbeddedS3Extension.BUCKET, root, topic, rotation)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

}
