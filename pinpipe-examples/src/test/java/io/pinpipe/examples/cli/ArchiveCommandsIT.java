package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
      java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
    }
    archiver.destroy(); // SIGTERM: uploads what is buffered and stops
    assertThat(archiver.waitFor(60, TimeUnit.SECONDS)).isTrue();

    String report = capture(() -> PinpipeCli.execute("archive-check", "--store", "file:" + dir, "--prefix", "cliarch"));
    assertThat(report).endsWith("exit 0");
    assertThat(report).contains("cliarch.pin", "cliarch.geo", "cliarch.user", "every offset stored exactly once");

    String verified = capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", "file:" + dir, "--prefix", "cliarch"));
    assertThat(verified).contains("all accounted for").endsWith("exit 0");
    try (Stream<Path> files = Files.walk(dir.resolve("topics/cliarch.geo"))) {
      Files.delete(files.filter(Files::isRegularFile).findFirst().orElseThrow()); // lose one archive object
    }
    String broken = capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", "file:" + dir, "--prefix", "cliarch"));
    assertThat(broken).contains("offsets not archived").contains("DISCREPANCY").endsWith("exit 1");
    assertThat(PinpipeCli.execute("archive-check", "--store", "ftp://x")).isEqualTo(2);
    assertThat(PinpipeCli.execute("archive-check", "--store", "s3://Bad_Bucket")).isEqualTo(2);
    assertThat(PinpipeCli.execute("archive-check", "--store", "s3://bucket/../etc")).isEqualTo(2);
  }

  /** Runs a command with stdout captured; returns the output and {@code exit N}. */
  private static String capture(java.util.function.IntSupplier command) {
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
