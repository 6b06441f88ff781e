package io.pinpipe.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.testkit.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental Delta output (one atomic, idempotent commit per micro-batch) holds the same rows as a Parquet batch. */
class DeltaTablesIT {
  @TempDir static Path dir;

  @Test
  void deltaTablesEqualParquetTables() {
    SparkSession spark = LocalSpark.shared();
    RawLines input = RawLines.generate(5, 1_500, 40);
    Topics topics = Topics.forPrefix("delta");
    Path archive = dir.resolve("archive");
    for (RecordType type : RecordType.values()) {
      List<String> lines = input.lines.get(type);
      int half = lines.size() / 2;
      Fixtures.writeObject(archive, topics.topic(type), 0, 0, lines.subList(0, half));
      Fixtures.writeObject(archive, topics.topic(type), 0, half, lines.subList(half, lines.size()));
    }
    ArchiveSource source = new ArchiveSource(archive.toString(), "delta", 2);
    CleanReport parquet = CleanJob.builder(dir.resolve("parquet").toString()).build().runBatch(spark, source);
    CleanJob deltaIncremental = CleanJob.builder(dir.resolve("delta-incremental").toString()).format(TableFormat.DELTA).build();
    CleanReport incremental = deltaIncremental.runIncremental(spark, source, dir.resolve("checkpoint").toString());

    assertThat(incremental.plus(CleanReport.empty()).tables()).isEqualTo(parquet.tables());
    assertThat(incremental.batches()).isGreaterThan(1);
    for (CleanTable table : CleanTable.values()) {
      List<List<Object>> expected = Fixtures.rows(Fixtures.parquet(spark, dir.resolve("parquet").resolve(table.tableName())));
      assertThat(Fixtures.rows(spark.read().format("delta").load(dir.resolve("delta-incremental").resolve(table.tableName()).toString())))
          .as(table.tableName())
          .isEqualTo(expected);
    }
  }
}
