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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archiver JVM whose default locale writes digits that are not ASCII (Persian, {@code
 * -Duser.language=fa -Duser.country=IR}) archives to S3 exactly as any other: every key has ASCII
 * digits, zero-padded to ten, and every offset is stored exactly once.
 */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedS3Extension.class})
class ArchiverLocaleIT {
  private static final int RECORDS = 5_000;

  @Test
  void aPersianLocaleJvmWritesAsciiKeysAndAnExactArchive(EmbeddedKafka kafka, EmbeddedS3 s3, @TempDir Path logs)
      throws Exception {
    String topic = "locale.pin";
    String root = "locale";
    kafka.createTopic(topic, 2);
    try (KafkaProducer<byte[], byte[]> out = ArchiverIT.producer(kafka)) {
      for (int i = 0; i < RECORDS; i++) {
        out.send(new ProducerRecord<>(topic, i % 2, null, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = logs.resolve("archiver.log");
    Files.createDirectories(log.getParent());
    Process archiver =
        new ProcessBuilder(java, "-Xmx512m", "-Duser.language=fa", "-Duser.country=IR", "-cp",
            System.getProperty("java.class.path"), ArchiverProcess.class.getName(), kafka.bootstrapServers(),
            s3.endpoint().toString(), s3.accessKey(), s3.secretKey(), EmbeddedS3Extension.BUCKET, root, topic, "count")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try (S3ObjectStore store = ArchiverIT.store(s3)) {
      ArchiveReader reader = new ArchiveReader(store, root);
      ArchiverIT.await(
          () -> !archiver.isAlive() || reader.check(topic).stream().mapToLong(PartitionCheck::records).sum() >= RECORDS,
          "all " + RECORDS + " records archived by the fa-IR archiver");
      assertThat(archiver.isAlive()).as("the fa-IR archiver is still running; its log: " + Files.readString(log)).isTrue();
      List<String> keys = store.list(root + "/");
      assertThat(keys).isNotEmpty().allSatisfy(key -> {
        assertThat(key).as("ASCII key").matches("\\p{ASCII}+");
        if (key.startsWith(root + "/topics/")) {
          assertThat(key).matches(".*\\+[01]\\+[0-9]{10}\\.json");
        }
      });
      assertThat(reader.check(topic)).hasSize(2).allSatisfy(check -> {
        assertThat(check.exact()).as(check.toString()).isTrue();
        assertThat(check.firstOffset()).isZero();
        assertThat(check.records()).isEqualTo(RECORDS / 2);
      });
    } finally {
      archiver.destroyForcibly();
      archiver.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
