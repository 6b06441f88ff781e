package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged CLI through bin/pinpipe in a separate JVM, as a user does. */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "pinpipe").toAbsolutePath().normalize();

  @Test
  void demoPrintsNothingLostAndExitsZero() throws Exception {
    Result result = run("demo", "--posts", "2000", "--seed", "5");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output)
        .contains("0a1d8948160f.pin", "0a1d8948160f.geo", "0a1d8948160f.user")
        .contains("nothing lost");
  }

  @Test
  void generateWritesFilesThroughTheLauncher(@TempDir Path dir) throws Exception {
    Result result = run("generate", "--posts", "500", "--out", dir.toString());

    assertThat(result.exit).as(result.output).isZero();
    assertThat(Files.readAllLines(dir.resolve("geo.jsonl"))).hasSize(500);
  }

  @Test
  void kafkaCommandServesUntilStopped() throws Exception {
    Process process = start("kafka", "--port", "0", "--prefix", "launcher");
    try {
      String firstLine =
          new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(firstLine).contains("Kafka broker at 127.0.0.1:").contains("launcher.pin");
    } finally {
      process.destroy(); // SIGTERM: the shutdown hook stops the broker
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(false).start();
  }

  private static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {}
}
