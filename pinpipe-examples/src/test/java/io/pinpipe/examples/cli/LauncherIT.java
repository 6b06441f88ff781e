package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged CLI through bin/pinpipe in a separate JVM, as a user does. */
class LauncherIT {
  private static final String S3_SECRET = "demo-secret-0123";
  private static final String GATEWAY_KEY = "demo-gateway-key-4f5e6d";
  private static final Path LAUNCHER = Path.of("..", "bin", "pinpipe").toAbsolutePath().normalize();

  @Test
  void demoPrintsAnswersAndNothingLostAndWritesTheReport(@TempDir Path dir) throws Exception {
    Result result = run("demo", "--posts", "2000", "--seed", "5", "--out", dir.toString());

    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output)
        .contains("0a1d8948160f.pin", "0a1d8948160f.geo", "0a1d8948160f.user")
        .contains("Q1: most popular category in each country", "Q3b: ", "Q8: ")
        .contains("raw = clean + quarantined + duplicates for every table")
        .contains("nothing lost")
        .contains("gateway requires x-api-key: a random key for this run")
        .contains("report: " + dir.resolve("report.html"));
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<svg", "Records per stage", "Q5: median follower count in each age group").doesNotContain("<script", "<link", " src=", "url(");
  }

  @Test
  void sigtermDuringTheSparkStageStopsEverythingAndLeavesNoTemporaryDirectory(@TempDir Path dir) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ProcessBuilder builder = new ProcessBuilder("bash", LAUNCHER.toString(), "demo", "--posts", "4000", "--out", dir.resolve("out").toString())
        .redirectErrorStream(true);
    builder.environment().put("PINPIPE_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
    Process process = builder.start();
    java.io.BufferedReader output = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = output.readLine(); line != null && !line.contains("clean with Spark"); line = output.readLine()) {
      seen.append(line).append('\n');
    }
    try (var entries = Files.list(tmp)) {
      assertThat(entries.count()).as("the demo's servers use the temporary directory").isPositive();
    }
    process.destroy(); // SIGTERM, as Ctrl-C
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    assertThat(process.descendants().filter(ProcessHandle::isAlive).count()).as("no stray process").isZero();
    try (var entries = Files.list(tmp)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList()).as("temporary directories left: " + seen).isEmpty();
    }
  }

  @Test
  void aCleanJobKilledMidWriteAndRunAgainLeavesTheSameTablesAsOneCleanRun(@TempDir Path dir) throws Exception {
    assertThat(run("generate", "--posts", "20000", "--seed", "4", "--out", dir.resolve("gen").toString()).exit).isZero();
    for (String type : List.of("pin", "geo", "user")) {
      List<String> lines = Files.readAllLines(dir.resolve("gen/" + type + ".jsonl"));
      Path partition = Files.createDirectories(dir.resolve("archive/topics/kill." + type + "/partition=0"));
      for (int start = 0; start < lines.size(); start += 1_000) {
        Files.write(partition.resolve(String.format("kill.%s+0+%010d.json", type, start)), lines.subList(start, start + 1_000));
      }
    }
    String archive = dir.resolve("archive").toString();
    Path tables = dir.resolve("tables");
    String[] incremental = {"clean", "--input", archive, "--output", tables.toString(), "--mode", "incremental",
        "--checkpoint", dir.resolve("checkpoint").toString(), "--cores", "2"};

    Process first = start(incremental);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(tables.resolve("pin_clean_quarantine")) && first.isAlive() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    assertThat(first.isAlive()).as("killed while writing its first batch").isTrue();
    first.destroyForcibly(); // kill -9
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Result again = run(incremental);
    assertThat(again.exit).as(again.output).isZero();
    Result batch = run("clean", "--input", archive, "--output", dir.resolve("batch").toString(), "--cores", "2");
    assertThat(batch.exit).as(batch.output).isZero();

    org.apache.spark.sql.SparkSession spark = io.pinpipe.testkit.LocalSpark.shared();
    for (String table : List.of("pin_clean", "geo_clean", "user_clean", "pin_clean_quarantine")) {
      var afterCrash = spark.read().parquet(tables.resolve(table).toString());
      var reference = spark.read().parquet(dir.resolve("batch").resolve(table).toString());
      assertThat(afterCrash.count()).as(table).isEqualTo(reference.count());
      assertThat(afterCrash.exceptAll(reference).count()).as(table + ": rows that differ").isZero();
      assertThat(reference.exceptAll(afterCrash).count()).as(table + ": rows missing").isZero();
    }
  }

  /**
   * Also the whole-run secrets check: every logger at DEBUG into a file (log-everything.xml), with an
   * S3 secret key and a gateway API key in play; neither may appear in the log or the console.
   */
  @Test
  void demoRunsAgainstAnExternalBrokerBucketAndTablePath(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(2).start();
        EmbeddedS3 s3 = EmbeddedS3.builder().credentials("demo-access", S3_SECRET).bucket("real-bucket").start()) {
      List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString(), "demo", "--posts", "600", "--prefix", "external",
          "--partitions", "2", "--out", dir.toString(), "--bootstrap", kafka.bootstrapServers(),
          "--s3", "s3://real-bucket/team/archive", "--s3-endpoint", s3.endpoint().toString(),
          "--tables", dir.resolve("elsewhere").toString()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      Path log = dir.resolve("all.log");
      String logConfig = Path.of(LauncherIT.class.getResource("/log-everything.xml").toURI()).toString();
      builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "demo-access", "AWS_SECRET_ACCESS_KEY", S3_SECRET, "AWS_REGION", "us-east-1",
          "PINPIPE_GATEWAY_API_KEY", GATEWAY_KEY,
          "PINPIPE_JAVA_OPTS", "-Dlog4j2.configurationFile=" + logConfig + " -Dpinpipe.test.log=" + log));
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("nothing lost").contains("all accounted for")
          .contains("gateway requires x-api-key: PINPIPE_GATEWAY_API_KEY").doesNotContain(S3_SECRET).doesNotContain(GATEWAY_KEY);
      String logged = Files.readString(log);
      assertThat(logged).as("the capture holds every component's DEBUG lines")
          .contains("DEBUG").contains(" io.pinpipe.").contains(" org.apache.kafka.").contains(" org.apache.spark.")
          .contains(" software.amazon.awssdk.").contains(" org.apache.hadoop.fs.s3a.");
      assertThat(logged).as("a secret in the demo's DEBUG log").doesNotContain(S3_SECRET).doesNotContain(GATEWAY_KEY);
      assertThat(kafka.records("external.pin")).hasSize(600);
      assertThat(dir.resolve("elsewhere/pin_clean")).isDirectory();
      assertThat(dir.resolve("tables")).doesNotExist();
    }
  }

  @Test
  void cleanQueryAndReportCommandsWorkOnAnArchiveDirectory(@TempDir Path dir) throws Exception {
    assertThat(run("generate", "--posts", "3000", "--seed", "9", "--out", dir.resolve("gen").toString()).exit).isZero();
    for (String type : List.of("pin", "geo", "user")) {
      Path partition = dir.resolve("archive/topics/cli." + type + "/partition=0");
      Files.createDirectories(partition);
      Files.copy(dir.resolve("gen/" + type + ".jsonl"), partition.resolve("cli." + type + "+0+0000000000.json"));
    }
    String tables = dir.resolve("tables").toString();

    Result clean = run("clean", "--input", dir.resolve("archive").toString(), "--output", tables, "--cores", "2");
    assertThat(clean.exit).as(clean.output).isZero();
    assertThat(clean.output).containsPattern("pin_clean +3,000 ").contains("raw = clean + quarantined + duplicates");

    Result query = run("query", "--tables", tables, "--format", "csv", "Q6", "--cores", "2");
    assertThat(query.exit).as(query.output).isZero();
    assertThat(query.output).contains("join_year,number_users_joined\r\n2015,");

    Result report = run("report", "--tables", tables, "--out", dir.resolve("r.html").toString(), "--cores", "2");
    assertThat(report.exit).as(report.output).isZero();
    assertThat(Files.readString(dir.resolve("r.html"))).contains("<svg", "Q3b: ");
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
