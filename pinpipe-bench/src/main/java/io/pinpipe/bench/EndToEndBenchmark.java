package io.pinpipe.bench;

import io.pinpipe.model.Topics;
import io.pinpipe.query.CleanTables;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.LocalSpark;
import io.pinpipe.transform.TableFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline end to end on one machine: {@code PostProducer} into an embedded broker, the
 * {@code Archiver} to s3proxy, {@code CleanJob} reading the archive over s3a, the nine queries. Against
 * the sum of the stage baselines run on the same data in the same run: raw producer, plain consumer with
 * one PUT per 10,000 records, Spark JSON to Parquet copy of the archive, one full scan of the tables.
 * Reported, no target.
 */
final class EndToEndBenchmark {
  private static final String BUCKET = "e2e";

  private final SparkSession spark;
  private final SparkBenchmarks stages;
  private final Path work;

  EndToEndBenchmark(SparkSession spark, SparkBenchmarks stages, Path work) {
    this.spark = spark;
    this.stages = stages;
    this.work = work;
  }

  BenchResult run(long posts) throws Exception {
    Path s3Data = Files.createDirectories(work.resolve("e2e-s3"));
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).start();
        EmbeddedS3 s3 = EmbeddedS3.builder().directory(s3Data).bucket(BUCKET).start();
        S3ObjectStore store = S3ObjectStore.builder(BUCKET).endpoint(s3.endpoint()).region(s3.region())
            .credentials(s3.accessKey(), s3.secretKey()).build()) {
      LocalSpark.useS3(spark, s3);
      IngestBenchmarks ingest = new IngestBenchmarks(kafka);
      ArchiveBenchmarks archive = new ArchiveBenchmarks(kafka);
      long records = 3 * posts;
      String ourArchive = "s3a://" + BUCKET + "/ours";
      String tables = work.resolve("e2e-tables").toString();

      Topics ours = ingest.freshTopics();
      double produce = ingest.typed(ours, posts);
      double archived = archive.ours(store, "ours", ours.all(), records);
      double clean = stages.clean(ourArchive, ours.prefix(), tables);
      CleanTables.registerPaths(spark, tables, TableFormat.PARQUET);
      double queries = stages.allQueries();

      Topics raw = ingest.freshTopics();
      double rawProduce = ingest.raw(raw, posts);
      double rawArchive = archive.baseline(store, "baseline", raw.all(), records);
      double copy = stages.copy(ourArchive, ours.prefix(), work.resolve("e2e-copy").toString());
      double scan = stages.fullScan(Path.of(tables));

      double oursTotal = produce + archived + clean + queries;
      double baselineTotal = rawProduce + rawArchive + copy + scan;
      String note = String.format(Locale.ROOT, "posts/s; %,d posts = %,d records; ours %.1fs = produce %.1f + archive to S3 %.1f"
          + " + clean over s3a %.1f + 9 queries %.1f; baselines %.1fs = raw producer %.1f + plain consumer/PUT %.1f"
          + " + JSON->Parquet copy %.1f + full scan %.1f", posts, records, oursTotal, produce, archived, clean, queries,
          baselineTotal, rawProduce, rawArchive, copy, scan);
      return new BenchResult("end-to-end", posts / oursTotal, posts / baselineTotal, Double.NaN, note);
    }
  }
}
