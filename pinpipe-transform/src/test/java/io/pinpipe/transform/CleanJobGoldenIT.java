package io.pinpipe.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.testkit.LocalSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden test of SPEC section 4: a hand-made archive covering every placeholder, follower count
 * form, bad coordinate, bad timestamp, duplicate and conflicting duplicate, cleaned by the batch
 * job in a session whose time zone is not UTC.
 */
class CleanJobGoldenIT {
  private static SparkSession spark;
  @TempDir static Path dir;
  private static CleanReport report;
  private static Path output;

  @BeforeAll
  static void clean() {
    spark = LocalSpark.shared();
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    Path archive = dir.resolve("archive");
    for (String type : List.of("pin", "geo", "user")) {
      Fixtures.writeObject(archive, "golden." + type, 0, 0, Fixtures.resourceLines("/golden/" + type + ".jsonl"));
    }
    output = dir.resolve("tables");
    report = CleanJob.builder(output.toString()).build().runBatch(spark, ArchiveSource.at(archive.toString()));
  }

  @Test
  void pinRowsAreExactlyTheExpectedOnes() {
    assertThat(table("pin_clean").schema()).isEqualTo(CleanTable.PIN.schema());
    assertThat(Fixtures.rows(table("pin_clean")))
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                row(1, "u-1", "Title one", "Desc one", 211_000L, "Ann", "a,b", "image", "https://i/1.jpg", "/data/travel", "travel"),
                row(2, "u-2", null, null, null, null, null, "multi-video(story page format)", null, "/data/mens-fashion", "mens-fashion"),
                row(3, "u-3", null, null, 5_000_000L, "Bo", "x", "video", "https://i/3.jpg", "/data/art", "art"),
                row(4, "u-4", null, "Emoji \uD83D\uDE00 and\u2026\u00a0", 1_500L, "Cy", "y", "image", "https://i/4.jpg", "/data/quotes", "quotes"),
                row(5, "u-5", "Two\nlines", "d5", 3_419L, "Di", "z", "image", "https://i/5.jpg", "/data/diy-and-crafts", "diy-and-crafts"),
                row(15, "u-15", null, null, 15_000_000L, null, null, null, null, null, "finance"),
                row(16, "u-16", null, null, 500L, null, null, null, null, null, "beauty"),
                row(19, "u-19", null, null, 1_500_000L, null, null, null, null, null, "vehicles")));
    assertThat(reasons("pin_clean_quarantine"))
        .isEqualTo(Map.of("bad_follower_count", 6L, "malformed_json", 3L, "wrong_type", 1L, "missing_index", 1L));
    assertThat(report.table(CleanTable.PIN)).isEqualTo(new TableCount("pin_clean", 21, 8, 11, 2, 1));
  }

  @Test
  void geoRowsAreExactlyTheExpectedOnes() {
    assertThat(table("geo_clean").schema()).isEqualTo(CleanTable.GEO.schema());
    assertThat(Fixtures.rows(table("geo_clean")))
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                row(1, "Cote d'Ivoire", List.of(10.5, -20.25), Instant.parse("2020-01-02T03:04:05Z")),
                row(2, "Holy See (Vatican City State)", List.of(0.0, 0.0), Instant.parse("2020-01-02T03:04:05Z")),
                row(5, "Armenia", List.of(-90.0, 180.0), Instant.parse("2017-10-19T00:00:00Z")),
                row(8, "Armenia", null, Instant.parse("2022-10-19T23:59:59Z")),
                row(9, null, List.of(1.25, 2.5), null)));
    assertThat(reasons("geo_clean_quarantine"))
        .isEqualTo(
            Map.of(
                "latitude_out_of_range", 1L,
                "longitude_out_of_range", 1L,
                "bad_timestamp", 3L,
                "missing_index", 1L,
                "malformed_json", 1L));
    assertThat(report.table(CleanTable.GEO)).isEqualTo(new TableCount("geo_clean", 13, 5, 7, 1, 0));
  }

  @Test
  void userRowsAreExactlyTheExpectedOnes() {
    assertThat(table("user_clean").schema()).isEqualTo(CleanTable.USER.schema());
    assertThat(Fixtures.rows(table("user_clean")))
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                row(1, "Ann Lee", 20, Instant.parse("2016-05-06T07:08:09Z")),
                row(2, null, 30, Instant.parse("2015-10-21T00:00:00Z")),
                row(5, "Di O'Neil", null, Instant.parse("2017-10-20T10:00:00Z"))));
    assertThat(reasons("user_clean_quarantine"))
        .isEqualTo(Map.of("negative_age", 1L, "bad_timestamp", 1L, "malformed_json", 1L, "missing_index", 1L));
    assertThat(report.table(CleanTable.USER)).isEqualTo(new TableCount("user_clean", 8, 3, 4, 1, 1));
  }

  @Test
  void quarantineRowsKeepTheRawLineTheValueAndTheObject() {
    List<Row> rows = table("pin_clean_quarantine").where("raw like '%12x%'").collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getString(1)).isEqualTo("bad_follower_count: follower_count '12x'");
    assertThat(rows.get(0).getString(2)).endsWith("/topics/golden.pin/partition=0/golden.pin+0+0000000000.json");
    assertThat(table("pin_clean_quarantine").schema()).isEqualTo(CleanTable.QUARANTINE_SCHEMA);
  }

  @Test
  void reportBalancesAndSaysSo() {
    assertThat(report.balanced()).isTrue();
    assertThat(report.toText()).contains("raw = clean + quarantined + duplicates for every table");
  }

  private static Dataset<Row> table(String name) {
    return Fixtures.parquet(spark, output.resolve(name));
  }

  /** Quarantine rows counted by the reason code (the text before the first colon). */
  private static Map<String, Long> reasons(String quarantine) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : table(quarantine).collectAsList()) {
      String reason = row.getString(1);
      int colon = reason.indexOf(':');
      counts.merge(colon < 0 ? reason : reason.substring(0, colon), 1L, Long::sum);
    }
    return counts;
  }

  private static List<Object> row(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }
}
