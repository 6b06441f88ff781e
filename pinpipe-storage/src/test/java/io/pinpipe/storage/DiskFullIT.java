package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the archiver's local store is a 1 MiB tmpfs (mounted in a mount namespace of the
 * archiver's own, with {@code unshare}), and 3 MB of records wait in Kafka. When the filesystem is full
 * the archiver stops advancing and logs the store's error ("No space left on device", with the key);
 * what is stored is whole and contiguous; once the filesystem grows it archives the rest, each record
 * once, and leaves no temporary file.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DiskFullIT {
  private static final int RECORDS = 3_000;

  @Test
  void aFullDiskStallsTheArchiverWithAClearErrorAndItResumesWhenThereIsRoom(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    String topic = "diskfull.pin";
    kafka.createTopic(topic, 1);
    byte[] value = ("{\"pad\":\"" + "d".repeat(1_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = ArchiverIT.producer(kafka)) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(new ProducerRecord<>(topic, value));
      }
    }
    Path store = Files.createDirectories(dir.resolve("store"));
    Path log = dir.resolve("archiver.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process archiver = new ProcessBuilder("unshare", "-rm", "sh", "-c",
        "mount -t tmpfs -o size=1m pinpipe-test \"$1\" && shift && exec \"$@\"", "sh", store.toString(),
        java, "-cp", System.getProperty("java.class.path"), DiskFullProcess.class.getName(),
        kafka.bootstrapServers(), store.toString(), topic, Integer.toString(RECORDS))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = archiver.waitFor(240, TimeUnit.SECONDS);
    if (!ended) {
      archiver.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(ended).as("archiver process ended; output:\n" + output).isTrue();
    assertThat(archiver.exitValue()).as("exit code; output:\n" + output).isZero();
    Map<String, String> report = parse(output);

    long stalled = Long.parseLong(report.get("stalled.archived"));
    assertThat(stalled).as("the 1 MiB filesystem filled before all %d records were stored", RECORDS)
        .isPositive().isLessThan(RECORDS);
    assertThat(report.get("stalled.stored")).as("stored while full = archived").isEqualTo(Long.toString(stalled));
    assertThat(report.get("stalled.exact")).as("stored objects whole and contiguous while full").isEqualTo("true");
    assertThat(output).as("the store's error reaches the log with the key and the reason")
        .contains("No space left on device").contains("Cannot put archive/topics/diskfull.pin/partition=0/");

    assertThat(report.get("final.stored")).as("every record once after the disk grew").isEqualTo(Integer.toString(RECORDS));
    assertThat(report.get("final.exact")).isEqualTo("true");
    assertThat(report.get("final.temp-files")).as("no temporary file left").isEqualTo("0");
  }

  private static Map<String, String> parse(String output) {
    Map<String, String> report = new HashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (line.startsWith("stalled.") || line.startsWith("final.")) {
        report.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return report;
  }
}
