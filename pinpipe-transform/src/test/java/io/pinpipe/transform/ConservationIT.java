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

/** 200,000 generated posts: every raw row is clean, quarantined or a counted duplicate. */
class ConservationIT {
  private static final int POSTS = 200_000;
  @TempDir static Path dir;

  @Test
  void rawIsCleanPlusQuarantinedPlusDuplicatesOnTwoHundredThousandPosts() {
    SparkSession spark = LocalSpark.shared();
    RawLines input = RawLines.generate(2026, POSTS, 1_000);
    Topics topics = Topics.forPrefix("conservation");
    Path archive = dir.resolve("archive");
    for (RecordType type : RecordType.values()) {
      List<String> lines = input.lines.get(type);
      for (int start = 0, partition = 0; start < lines.size(); start += 50_000, partition = (partition + 1) % 3) {
        Fixtures.writeObject(archive, topics.topic(type), partition, start, lines.subList(start, Math.min(lines.size(), start + 50_000)));
      }
    }
    Path output = dir.resolve("tables");
    CleanReport report = CleanJob.builder(output.toString()).build().runBatch(spark, ArchiveSource.at(archive.toString()).withPrefix("conservation"));

    assertThat(report.balanced()).isTrue();
    for (CleanTable table : CleanTable.values()) {
      TableCount count = report.table(table);
      List<String> lines = input.lines.get(table.recordType());
      assertThat(count.raw()).isEqualTo((long) lines.size());
      assertThat(count.quarantined()).isEqualTo((long) input.bad.get(table.recordType()));
      assertThat(count.clean()).isEqualTo((long) input.goodKeys.get(table.recordType()).size());
      assertThat(spark.read().parquet(output.resolve(table.tableName()).toString()).count()).isEqualTo(count.clean());
      assertThat(spark.read().parquet(output.resolve(table.quarantineName()).toString()).count()).isEqualTo(count.quarantined());
      assertThat(count.raw()).isEqualTo(count.clean() + count.quarantined() + count.duplicates());
    }
  }
}
