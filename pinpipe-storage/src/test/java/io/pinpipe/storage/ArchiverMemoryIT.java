package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 partitions, 100 MB of 10 KB records, objects that only the 64 MiB memory cap closes, and an
 * archiver JVM limited to -Xmx256m: no OutOfMemoryError, and every record archived exactly once.
 */
@ExtendWith(EmbeddedS3Extension.class)
class ArchiverMemoryIT {
  private static final int PARTITIONS = 1_000;
  private static final int PER_PARTITION = 10;

  @Test
  void thousandPartitionsUnderA64MibCapRunIn256MibOfHeap(EmbeddedS3 s3, @TempDir Path dir) throws Exception {
    // its own broker: 1,000 partitions would otherwise share one with every other test of the module
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      run(kafka, s3, dir);
    }
  }

  private void run(EmbeddedKafka kafka, EmbeddedS3 s3, Path dir) throws Exception {
    String topic = "memory.pin";
    kafka.createTopic(topic, PARTITIONS);
    byte[] value = ("{\"pad\":\"" + "m".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    produceInWaves(kafka, topic, value);
    Path log = dir.resolve("archiver.log");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process archiver = new ProcessBuilder(javaBin, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp",
        System.getProperty("java.class.path"), ArchiverProcess.class.getName(), kafka.bootstrapServers(),
        s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), EmbeddedS3Extension.BUCKET, "memory", topic, "memory")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long total = (long) PARTITIONS * PER_PARTITION;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      long done = 0;
      while (archiver.isAlive() && System.nanoTime() < deadline && (done = committed(kafka)) < total) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
      }
      assertThat(archiver.isAlive()).as("archiver alive (no OOM); log: " + tail(log)).isTrue();
      assertThat(done).as("records committed").isEqualTo(total);
    } finally {
      archiver.destroyForcibly();
      archiver.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    try (S3ObjectStore store = ArchiverIT.store(s3)) {
      List<PartitionCheck> checks = new ArchiveReader(store, "memory").check(topic);
      assertThat(checks).hasSize(PARTITIONS).allSatisfy(c -> {
        assertThat(c.exact()).isTrue();
        assertThat(c.records()).isEqualTo(PER_PARTITION);
      });
    }
  }

  /** One record per partition per wave, flushed and checked before the next: a gentle load for a fresh broker. */
  private static void produceInWaves(EmbeddedKafka kafka, String topic, byte[] value) throws Exception {
    try (var producer = ArchiverIT.producer(kafka)) {
      for (int round = 0; round < PER_PARTITION; round++) {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new java.util.ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
          acks.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p, null, value)));
        }
        producer.flush();
        for (var ack : acks) {
          ack.get(60, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static long committed(EmbeddedKafka kafka) {
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientProperties())) {
      return admin.listConsumerGroupOffsets("crash-memory").partitionsToOffsetAndMetadata().get().values().stream()
          .mapToLong(o -> o == null ? 0 : o.offset()).sum();
    } catch (Exception e) {
      return 0;
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - 1_500));
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
