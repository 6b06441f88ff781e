package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinpipeCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void generateWritesThreeAlignedFilesAndIsDeterministic(@TempDir Path dir) throws Exception {
    assertThat(PinpipeCli.execute("generate", "--posts", "3000", "--seed", "9", "--out", dir.resolve("a").toString()))
        .isZero();
    assertThat(PinpipeCli.execute("generate", "--posts", "3000", "--seed", "9", "--out", dir.resolve("b").toString()))
        .isZero();

    for (String name : List.of("pin.jsonl", "geo.jsonl", "user.jsonl")) {
      assertThat(Files.readAllLines(dir.resolve("a").resolve(name))).as(name).hasSize(3000);
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(name)))
          .as("same seed, same bytes: " + name)
          .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(name)));
    }
    List<String> pins = Files.readAllLines(dir.resolve("a/pin.jsonl"));
    List<String> users = Files.readAllLines(dir.resolve("a/user.jsonl"));
    for (int i = 0; i < pins.size(); i += 97) {
      String index = pins.get(i).replaceAll("^\\{\"index\":(\\d+),.*", "$1");
      assertThat(users.get(i)).as("line %d aligned", i).startsWith("{\"ind\":" + index + ",");
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote 3000 posts");
  }

  @Test
  void usageErrorsExitTwoWithAMessageNamingTheValue(@TempDir Path dir) {
    assertThat(PinpipeCli.execute("generate", "--posts", "-5", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'--posts': -5 is negative");

    assertThat(PinpipeCli.execute("demo", "--prefix", "../etc")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot use prefix '../etc'");

    assertThat(PinpipeCli.execute("generate")).as("missing --out").isEqualTo(2);
    assertThat(PinpipeCli.execute("no-such-command")).isEqualTo(2);
    assertThat(PinpipeCli.execute()).as("no subcommand").isEqualTo(2);
    assertThat(PinpipeCli.execute("s3", "--bucket", "Bad_Bucket")).isEqualTo(2);
  }

  @Test
  void helpWorksEverywhere() {
    for (String command : List.of("demo", "generate", "kafka", "s3")) {
      out.reset();
      assertThat(PinpipeCli.execute(command, "--help")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: pinpipe " + command);
    }
  }
}
