package io.pinpipe.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.testkit.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC section 4, "Crash safety": an incremental run dies after each write of a micro-batch that
 * holds clean and quarantined rows of every table (the quarantine of pin, pin_clean, ... user_clean,
 * the last one being "all tables written, checkpoint not committed"), in Parquet and Delta; the same
 * command run again leaves all six tables equal, row for row, to one uninterrupted batch run. And a
 * checkpoint deleted and started afresh leaves them unchanged.
 */
class CleanCrashMatrixIT {
  private static final int OBJECT_LINES = 150;
  private static final String PREFIX = "crashes";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path archive;
  /** Objects per type in the first run; the second run (the one that crashes) takes the rest. */
  private static final Map<RecordType, List<List<String>>> objects = new EnumMap<>(RecordType.class);
  private static Map<String, List<List<Object>>> expected;
  private static final Map<TableFormat, FirstRun> firstRuns = new EnumMap<>(TableFormat.class);
  private static CleanReport uninterrupted;

  @BeforeAll
  static void setUp() {
    spark = LocalSpark.shared();
    RawLines input = RawLines.generate(7, 900, 29);
    archive = dir.resolve("archive");
    for (RecordType type : RecordType.values()) {
      List<String> lines = input.lines.get(type);
      List<List<String>> parts = new ArrayList<>();
      for (int from = 0; from < lines.size(); from += OBJECT_LINES) {
        parts.add(lines.subList(from, Math.min(lines.size(), from + OBJECT_LINES)));
      }
      objects.put(type, parts);
    }
    // the first incremental run of each format over the first objects; each crash starts from a copy
    writeObjects(archive, 0, 3);
    for (TableFormat format : TableFormat.values()) {
      Path output = dir.resolve(format + "-first").resolve("tables");
      Path checkpoint = dir.resolve(format + "-first").resolve("checkpoint");
      CleanReport report =
          CleanJob.builder(output.toString()).format(format).build().runIncremental(spark, source(archive), checkpoint.toString());
      firstRuns.put(format, new FirstRun(output, checkpoint, report));
    }
    writeObjects(archive, 3, Integer.MAX_VALUE);
    Path reference = dir.resolve("reference");
    uninterrupted = CleanJob.builder(reference.toString()).build().runBatch(spark, source(archive));
    expected = tables(reference, TableFormat.PARQUET);
    for (CleanTable table : CleanTable.values()) {
      assertThat(uninterrupted.table(table).quarantined()).as("quarantined " + table).isGreaterThan(0);
    }
  }

  /**
   * The writes of a batch go quarantine, clean table, for pin, geo, user: dying after the first
   * quarantine, after each clean table, and after the last one (every table written, the checkpoint
   * commit not).
   */
  static Stream<Arguments> crashPoints() {
    List<Arguments> points = new ArrayList<>();
    for (TableFormat format : TableFormat.values()) {
      points.add(Arguments.of(format, CleanTable.PIN.quarantineName()));
      for (CleanTable table : CleanTable.values()) {
        points.add(Arguments.of(format, table.tableName()));
      }
    }
    return points.stream();
  }

  @ParameterizedTest(name = "{0}: dies after writing {1}")
  @MethodSource("crashPoints")
  void aBatchReplayedAfterDyingAtAnyWriteLeavesTheTablesOfOneUninterruptedRun(TableFormat format, String step)
      throws IOException {
    FirstRun first = firstRuns.get(format);
    Path run = dir.resolve(format + "-" + step);
    Path output = run.resolve("tables");
    String checkpoint = run.resolve("checkpoint").toString();
    copyTree(first.output, output);
    copyTree(first.checkpoint, run.resolve("checkpoint"));
    Map<String, List<List<Object>>> beforeCrash = tables(output, format);

    AtomicBoolean armed = new AtomicBoolean(true);
    CleanJob crashing =
        CleanJob.builder(output.toString())
            .format(format)
            .afterWrite(
                (table, batch) -> {
                  if (table.equals(step) && armed.getAndSet(false)) {
                    throw new IllegalStateException("injected crash after writing " + table + " in batch " + batch);
                  }
                })
            .build();
    assertThatThrownBy(() -> crashing.runIncremental(spark, source(archive), checkpoint))
        .hasStackTraceContaining("injected crash after writing " + step);
    assertThat(tables(output, format).get(step)).as("the crashed attempt wrote " + step).isNotEqualTo(beforeCrash.get(step));

    CleanReport replay = CleanJob.builder(output.toString()).format(format).build().runIncremental(spark, source(archive), checkpoint);

    assertThat(replay.batches()).as("the uncommitted batch runs again, alone").isEqualTo(1);
    assertThat(tables(output, format)).as("all six tables after the replay").isEqualTo(expected);
    CleanReport total = first.report.plus(replay);
    for (CleanTable table : CleanTable.values()) {
      TableCount count = total.table(table);
      assertThat(count.balanced()).as(count.toString()).isTrue();
      assertThat(count.clean()).as("clean rows of " + table).isEqualTo(expected.get(table.tableName()).size());
      assertThat(count.quarantined()).as("quarantined rows of " + table).isEqualTo(expected.get(table.quarantineName()).size());
      assertThat(count.raw()).isEqualTo(uninterrupted.table(table).raw());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aCheckpointDeletedAndStartedAfreshLeavesTheSameTables(TableFormat format) throws IOException {
    Path run = dir.resolve(format + "-fresh-checkpoint");
    Path output = run.resolve("tables");
    Path checkpoint = run.resolve("checkpoint");
    CleanJob job = CleanJob.builder(output.toString()).format(format).build();
    job.runIncremental(spark, source(archive), checkpoint.toString());
    assertThat(tables(output, format)).isEqualTo(expected);
    deleteTree(checkpoint);

    CleanReport again = job.runIncremental(spark, source(archive), checkpoint.toString());

    assertThat(tables(output, format)).as("all six tables after a fresh checkpoint").isEqualTo(expected);
    for (CleanTable table : CleanTable.values()) {
      TableCount count = again.table(table);
      assertThat(count.balanced()).as(count.toString()).isTrue();
      assertThat(count.duplicates()).as("everything read again is a duplicate: " + count).isEqualTo(count.raw());
    }
  }

  /** The first incremental run of a format, over the first objects only. */
  private record FirstRun(Path output, Path checkpoint, CleanReport report) {}

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  static Stream<TableFormat> formats() {
    return Stream.of(TableFormat.values());
  }

  @Test
  void nullAndWrongTypeValuesAreQuarantinedAsOftenAsTheReportSays() {
    List<String> lines = new ArrayList<>();
    lines.add(null);
    lines.add(null);
    lines.add("{\"ind\": 1, \"first_name\": true, \"last_name\": \"B\", \"age\": 30, \"date_joined\": \"2016-01-01 00:00:00\"}");
    lines.add("{\"ind\": 2, \"first_name\": {\"a\": 1}, \"last_name\": \"B\", \"age\": 30}");
    lines.add("{\"ind\": 3, \"first_name\": [\"A\"], \"last_name\": \"B\", \"age\": 30}");
    lines.add("{\"ind\": 4, \"first_name\": 12, \"last_name\": \"B\", \"age\": 30}");
    lines.add("{\"ind\": 5, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": \"30\"}");
    lines.add("{\"ind\": 6, \"first_name\": \"A\", \"last_name\": \"B\", \"age\": 30}");
    lines.add("{\"ind\": \"7\", \"first_name\": \"A\", \"last_name\": \"B\", \"age\": 30}");
    Path output = dir.resolve("null-and-types");
    CleanReport report = CleanJob.builder(output.toString()).build().runBatch(spark, new ListSource(lines));

    TableCount user = report.table(CleanTable.USER);
    List<List<Object>> quarantine = Fixtures.rows(Fixtures.parquet(spark, output.resolve("user_clean_quarantine")).select("reason"));
    assertThat(user.quarantined()).isEqualTo(8);
    assertThat(quarantine).hasSize(8);
    assertThat(quarantine.stream().map(row -> ((String) row.get(0)).split(":")[0]).sorted().toList())
        .containsExactly("null_value", "null_value", "wrong_type", "wrong_type", "wrong_type", "wrong_type", "wrong_type", "wrong_type");
    assertThat(user.clean()).isEqualTo(1);
    assertThat(user.balanced()).isTrue();
  }

  /** Lines of the user table given in a list; null lines stand for tombstones. */
  private record ListSource(List<String> lines) implements LineSource {
    @Override
    public Dataset<Row> batch(SparkSession spark, RecordType type) {
      List<Row> rows = new ArrayList<>();
      if (type == RecordType.USER) {
        for (int i = 0; i < lines.size(); i++) {
          rows.add(RowFactory.create(lines.get(i), "list/" + i));
        }
      }
      return spark.createDataFrame(rows, new StructType().add(Cleaner.RAW, DataTypes.StringType).add(Cleaner.SOURCE, DataTypes.StringType));
    }

    @Override
    public Dataset<Row> stream(SparkSession spark) {
      throw new UnsupportedOperationException("a list is a batch source");
    }

    @Override
    public String describe() {
      return "a list of " + lines.size() + " user lines";
    }
  }

  private static ArchiveSource source(Path root) {
    return new ArchiveSource(root.toString(), PREFIX, 1_000);
  }

  private static void writeObjects(Path root, int from, int to) {
    Topics topics = Topics.forPrefix(PREFIX);
    for (RecordType type : RecordType.values()) {
      List<List<String>> parts = objects.get(type);
      for (int o = from; o < Math.min(to, parts.size()); o++) {
        Fixtures.writeObject(root, topics.topic(type), 0, (long) o * OBJECT_LINES, parts.get(o));
      }
    }
  }

  /** All six tables' rows (quarantine with raw, reason and source), by table name. */
  private static Map<String, List<List<Object>>> tables(Path output, TableFormat format) {
    Map<String, List<List<Object>>> tables = new TreeMap<>();
    for (CleanTable table : CleanTable.values()) {
      for (String name : List.of(table.tableName(), table.quarantineName())) {
        Path path = output.resolve(name);
        List<List<Object>> rows = List.of();
        if (Files.exists(path)) {
          Dataset<Row> read =
              format == TableFormat.DELTA ? spark.read().format("delta").load(path.toString()) : Fixtures.parquet(spark, path);
          rows = Fixtures.rows(read);
        }
        tables.put(name, rows);
      }
    }
    return tables;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
