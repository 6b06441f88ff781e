package io.pinpipe.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import io.pinpipe.testkit.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch, incremental (two runs over a growing archive) and streaming (from Kafka) produce the same
 * tables from the same records; a micro-batch re-run after a crash adds nothing twice.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class CleanModesIT {
  private static final int POSTS = 3_000;
  private static final int OBJECT_LINES = 500;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static RawLines input;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.shared();
    input = RawLines.generate(42, POSTS, 97);
  }

  @Test
  void batchIncrementalAndStreamingAgree(EmbeddedKafka kafka) throws Exception {
    Path archive = dir.resolve("archive");
    Topics topics = Topics.forPrefix("modes");
    // incremental: first half of the objects, then the rest
    int firstHalf = writeObjects(archive, topics, 0, 0.5);
    Path incremental = dir.resolve("incremental");
    CleanJob incrementalJob = CleanJob.builder(incremental.toString()).build();
    String checkpoint = dir.resolve("checkpoint-archive").toString();
    CleanReport first = incrementalJob.runIncremental(spark, ArchiveSource.at(archive.toString()), checkpoint);
    writeObjects(archive, topics, firstHalf, 1.0);
    CleanReport second = incrementalJob.runIncremental(spark, ArchiveSource.at(archive.toString()), checkpoint);

    long total = totalLines();
    assertThat(rawOf(first)).isEqualTo(linesOfObjects(0, firstHalf));
    assertThat(rawOf(first) + rawOf(second)).as("second run reads only new objects").isEqualTo(total);

    Path batch = dir.resolve("batch");
    CleanReport full = CleanJob.builder(batch.toString()).build().runBatch(spark, ArchiveSource.at(archive.toString()));
    assertThat(rawOf(full)).isEqualTo(total);

    produce(kafka, topics);
    Path streamed = dir.resolve("streamed");
    CleanStream stream =
        CleanJob.builder(streamed.toString())
            .build()
            .startStreaming(
                spark,
                KafkaSource.of(kafka.bootstrapServers(), topics, Map.of()).withMaxOffsetsPerTrigger(4_000),
                dir.resolve("checkpoint-kafka").toString(),
                Trigger.ProcessingTime("200 milliseconds"));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (rawOf(stream.report()) < total && System.nanoTime() < deadline) {
      stream.query().awaitTermination(200);
    }
    stream.query().stop();
    CleanReport streamedReport = stream.report();
    assertThat(streamedReport.batches()).as("several micro-batches").isGreaterThan(1);

    for (CleanTable table : CleanTable.values()) {
      List<List<Object>> expected = Fixtures.rows(Fixtures.parquet(spark, batch.resolve(table.tableName())));
      assertThat(Fixtures.rows(Fixtures.parquet(spark, incremental.resolve(table.tableName())))).isEqualTo(expected);
      assertThat(Fixtures.rows(Fixtures.parquet(spark, streamed.resolve(table.tableName())))).isEqualTo(expected);
      List<List<Object>> quarantine = quarantine(batch, table);
      assertThat(quarantine).hasSize(input.bad.get(table.recordType()));
      assertThat(quarantine(incremental, table)).isEqualTo(quarantine);
      assertThat(quarantine(streamed, table)).isEqualTo(quarantine);
      for (CleanReport report : List.of(full, first.plus(second), streamedReport)) {
        TableCount count = report.table(table);
        assertThat(count.balanced()).isTrue();
        assertThat(count.raw()).isEqualTo(input.lines.get(table.recordType()).size());
        assertThat(count.clean()).isEqualTo(expected.size());
        assertThat(count.quarantined()).isEqualTo(quarantine.size());
      }
    }
    assertThat(full.table(CleanTable.USER).conflicts()).isEqualTo(POSTS / 97);
  }

  @Test
  void aMicroBatchRunAgainAfterACrashChangesNoTable() throws Exception {
    Path archive = dir.resolve("crash-archive");
    Topics topics = Topics.forPrefix("crash");
    // six objects per type written interleaved by type, six objects a micro-batch: every batch (the
    // replayed last one too) holds lines of every table
    int objectsPerType = 6;
    for (int o = 0; o < objectsPerType; o++) {
      for (RecordType type : RecordType.values()) {
        List<String> lines = input.lines.get(type);
        int size = (lines.size() + objectsPerType - 1) / objectsPerType;
        int from = Math.min(lines.size(), o * size);
        Fixtures.writeObject(archive, topics.topic(type), 0, from, lines.subList(from, Math.min(lines.size(), from + size)));
      }
    }
    Path output = dir.resolve("crash-tables");
    Path checkpoint = dir.resolve("crash-checkpoint");
    CleanJob job = CleanJob.builder(output.toString()).build();
    ArchiveSource source = new ArchiveSource(archive.toString(), "*", 6);
    CleanReport before = job.runIncremental(spark, source, checkpoint.toString());
    assertThat(before.batches()).isGreaterThan(1);
    // the crash: the last batch's tables were written, its checkpoint commit was not
    Path commits = checkpoint.resolve("commits");
    long last;
    try (var files = Files.list(commits)) {
      last = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max().orElseThrow();
    }
    Files.delete(commits.resolve(Long.toString(last)));
    Files.deleteIfExists(commits.resolve("." + last + ".crc"));
    Map<String, List<List<Object>>> tablesBefore = new HashMap<>();
    for (CleanTable table : CleanTable.values()) {
      tablesBefore.put(table.tableName(), Fixtures.rows(Fixtures.parquet(spark, output.resolve(table.tableName()))));
      tablesBefore.put(table.quarantineName(), Fixtures.rows(Fixtures.parquet(spark, output.resolve(table.quarantineName()))));
    }

    CleanReport replay = job.runIncremental(spark, source, checkpoint.toString());

    assertThat(replay.batches()).as("the uncommitted batch runs again").isEqualTo(1);
    for (CleanTable table : CleanTable.values()) {
      TableCount count = replay.table(table);
      assertThat(count.raw()).as("the replayed batch holds lines of " + table).isGreaterThan(0);
      assertThat(count.clean()).as("and clean rows of " + table).isGreaterThan(0);
      assertThat(count.balanced()).as(count.toString()).isTrue();
      assertThat(Fixtures.rows(Fixtures.parquet(spark, output.resolve(table.tableName()))))
          .as(table.tableName())
          .isEqualTo(tablesBefore.get(table.tableName()));
      assertThat(Fixtures.rows(Fixtures.parquet(spark, output.resolve(table.quarantineName()))))
          .as(table.quarantineName())
          .isEqualTo(tablesBefore.get(table.quarantineName()));
      assertThat(tablesBefore.get(table.quarantineName())).hasSize(input.bad.get(table.recordType()));
    }
  }

  /** Writes the objects from {@code from} up to a fraction of each type's lines; returns the object count. */
  private static int writeObjects(Path archive, Topics topics, int from, double fraction) {
    int objects = 0;
    for (RecordType type : RecordType.values()) {
      List<String> lines = input.lines.get(type);
      int end = (int) Math.ceil(lines.size() * fraction / OBJECT_LINES);
      for (int o = from; o < end; o++) {
        List<String> part = lines.subList(o * OBJECT_LINES, Math.min(lines.size(), (o + 1) * OBJECT_LINES));
        Fixtures.writeObject(archive, topics.topic(type), 0, (long) o * OBJECT_LINES, part);
      }
      objects = Math.max(objects, end);
    }
    return objects;
  }

  private static long linesOfObjects(int from, int to) {
    long n = 0;
    for (RecordType type : RecordType.values()) {
      int size = input.lines.get(type).size();
      n += Math.max(0, Math.min(size, to * OBJECT_LINES) - from * OBJECT_LINES);
    }
    return n;
  }

  private static long totalLines() {
    return input.lines.values().stream().mapToLong(List::size).sum();
  }

  private static long rawOf(CleanReport report) {
    return report.tables().stream().mapToLong(TableCount::raw).sum();
  }

  private static List<List<Object>> quarantine(Path output, CleanTable table) {
    return Fixtures.rows(Fixtures.parquet(spark, output.resolve(table.quarantineName())).select("raw", "reason"));
  }

  private static void produce(EmbeddedKafka kafka, Topics topics) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put("acks", "all");
    for (String topic : topics.all()) {
      kafka.createTopic(topic, 3);
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (RecordType type : RecordType.values()) {
        for (String line : input.lines.get(type)) {
          String key = RawLines.key(type, line);
          producer.send(
              new ProducerRecord<>(
                  topics.topic(type),
                  key == null ? null : key.getBytes(StandardCharsets.US_ASCII),
                  line.getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
  }
}
