package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.Topics;
import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.RotationPolicy;
import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** pinpipe archive as a real process into a directory, stopped with SIGTERM, then pinpipe archive-check. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ArchiveCommandsIT {
  @Test
  void archiveUntilStoppedThenCheck(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    assertThat(PinpipeCli.execute("topics", "--bootstrap", bootstrap, "--prefix", "cliarch", "--partitions", "2")).isZero();
    assertThat(PinpipeCli.execute("emulate", "--bootstrap", bootstrap, "--prefix", "cliarch", "--posts", "500")).isZero();

    Path launcher = Path.of("..", "bin", "pinpipe").toAbsolutePath().normalize();
    Process archiver = new ProcessBuilder("bash", launcher.toString(), "archive", "--bootstrap", bootstrap,
        "--prefix", "cliarch", "--store", "file:" + dir, "--idle-ms", "500").redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (countObjects(dir) < 6 && System.nanoTime() < deadline) { // 3 topics x 2 partitions
      LockSupport.parkNanos(200_000_000L);
    }
    archiver.destroy(); // SIGTERM: uploads what is buffered and stops
    assertThat(archiver.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String report = capture(() -> PinpipeCli.execute("archive-check", "--store", "file:" + dir, "--prefix", "cliarch"));
    assertThat(report).endsWith("exit 0");
    assertThat(report).contains("cliarch.pin", "cliarch.geo", "cliarch.user", "every record stored exactly once");

    String verified = capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", "file:" + dir, "--prefix", "cliarch"));
    assertThat(verified).contains("all accounted for").endsWith("exit 0");
    try (Stream<Path> files = Files.walk(dir.resolve("topics/cliarch.geo"))) {
      Files.delete(files.filter(Files::isRegularFile).findFirst().orElseThrow()); // lose one archive object
    }
    String broken = capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", "file:" + dir, "--prefix", "cliarch"));
    assertThat(broken).contains("not archived").contains("DISCREPANCY").endsWith("exit 1");
    assertThat(PinpipeCli.execute("archive-check", "--store", "ftp://x")).isEqualTo(2);
    assertThat(PinpipeCli.execute("archive-check", "--store", "s3://Bad_Bucket")).isEqualTo(2);
    assertThat(PinpipeCli.execute("archive-check", "--store", "s3://bucket/../etc")).isEqualTo(2);
  }

  /**
   * A transactional producer aborting every fourth transaction: the archive holds exactly the
   * committed records, so archive-check and verify both exit 0 (offsets are not records); then one
   * object deleted: verify exits 1 and names the partition and the offsets it held.
   */
  @Test
  void aTransactionalTopicArchivedExactlyIsAccountedForAndADeletedObjectIsNamed(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    String bootstrap = kafka.bootstrapServers();
    Topics topics = Topics.forPrefix("clitx");
    for (String topic : topics.all()) {
      kafka.createTopic(topic, 2);
    }
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "clitx-producer");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      for (int txn = 0; txn < 60; txn++) {
        producer.beginTransaction();
        for (int i = 0; i < 10; i++) {
          for (String topic : topics.all()) {
            producer.send(new ProducerRecord<>(topic, i % 2, null, ("{\"ind\":" + (txn * 10 + i) + "}").getBytes(StandardCharsets.UTF_8)));
          }
        }
        if (txn % 4 == 3) {
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }
    try (LocalDirectoryStore store = LocalDirectoryStore.open(dir)) {
      Archiver archiver =
          Archiver.builder(kafka.clientProperties(), topics.all(), store, "")
              .rotation(RotationPolicy.defaults().withFlushSize(37).withIdleInterval(Duration.ofMillis(300)))
              .build()
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (archiver.metrics().records() < 3 * 450 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(100_000_000L);
      }
      archiver.close();
      assertThat(archiver.metrics().records()).as("the committed records, none aborted").isEqualTo(3 * 450);
    }
    String store = "file:" + dir;
    String checked = capture(() -> PinpipeCli.execute("archive-check", "--store", store, "--prefix", "clitx"));
    assertThat(checked).contains("every record stored exactly once").endsWith("exit 0");
    String verified = capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", store, "--prefix", "clitx"));
    assertThat(verified).contains("all accounted for").endsWith("exit 0");

    Path deleted;
    try (Stream<Path> files = Files.walk(dir.resolve("topics/clitx.pin/partition=1"))) {
      deleted = files.filter(Files::isRegularFile).sorted().skip(2).findFirst().orElseThrow();
    }
    Files.delete(deleted);
    String name = deleted.getFileName().toString();
    long start = Long.parseLong(name.substring(name.lastIndexOf('+') + 1, name.indexOf('.', name.lastIndexOf('+'))));
    String broken = capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", store, "--prefix", "clitx"));
    assertThat(broken).contains("offsets " + start + "-").contains("DISCREPANCY").endsWith("exit 1");
    assertThat(broken.lines().filter(line -> line.contains("clitx.pin") && !line.contains(" ok")))
        .as("only the partition that lost an object")
        .hasSize(1)
        .allMatch(line -> line.matches(".*clitx\\.pin\\s+1\\s.*"));
  }

  /** Runs a command with stdout captured; returns the output and {@code exit N}. */
  static String capture(IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = command.getAsInt();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8) + "\nexit " + exit;
  }

  private static long countObjects(Path dir) throws Exception {
    Path topics = dir.resolve("topics");
    if (!Files.isDirectory(topics)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(topics)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
