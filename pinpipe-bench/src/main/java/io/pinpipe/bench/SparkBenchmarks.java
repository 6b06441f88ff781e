package io.pinpipe.bench;

import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.query.CleanTables;
import io.pinpipe.query.Queries;
import io.pinpipe.testkit.TempDirs;
import io.pinpipe.transform.ArchiveSource;
import io.pinpipe.transform.CleanJob;
import io.pinpipe.transform.CleanReport;
import io.pinpipe.transform.CleanTable;
import io.pinpipe.transform.RawSchemas;
import io.pinpipe.transform.TableFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark benchmarks: cleaning against a bare JSON-to-Parquet copy with the same schemas, cleaning
 * at ten times the size against linear, and the nine queries against one full scan of the tables.
 * Everything runs on one local session over local directories under {@code work}.
 */
final class SparkBenchmarks {
  private static final int OBJECT_LINES = 10_000;
  /** The topic prefix of the archives this class writes. */
  private static final String PREFIX = "bench";

  private final SparkSession spark;
  private final Path work;

  SparkBenchmarks(SparkSession spark, Path work) {
    this.spark = spark;
    this.work = work;
  }

  /** clean (ratio of copy time to clean time), queries, and clean-scaling when {@code scaling}. */
  List<BenchResult> run(long posts, boolean scaling) {
    List<BenchResult> results = new ArrayList<>();
    Path warm = archive("warm", 20_000);
    clean(warm, work.resolve("warm-tables"));
    copy(warm, work.resolve("warm-copy"));
    // Spark's fixed cost per query: the nine queries over the small tables of 20,000 posts
    CleanTables.registerPaths(spark, work.resolve("warm-tables").toString(), TableFormat.PARQUET);
    allQueries();
    double floorSeconds = allQueries();

    Path archive = archive("base", posts);
    double copySeconds = copy(archive, work.resolve("copy"));
    Path tables = work.resolve("tables");
    double cleanSeconds = clean(archive, tables);
    results.add(new BenchResult("clean", posts / cleanSeconds, posts / copySeconds, 0.8,
        String.format("posts=%,d clean %.1fs, JSON->Parquet copy %.1fs; target time <= 1.25x", posts, cleanSeconds, copySeconds)));

    // queries: tables of `posts` distinct posts (with real-like duplicates they would hold only ~11,000 rows)
    Path distinct = archive("distinct", posts, PostGenerator.withSeed(7, (int) Math.max(posts, PostGenerator.DEFAULT_ROWS), (int) Math.max(posts / 2, PostGenerator.DEFAULT_PEOPLE)));
    Path distinctTables = work.resolve("distinct-tables");
    clean(distinct, distinctTables);
    TempDirs.deleteTree(distinct);
    CleanTables.registerPaths(spark, distinctTables.toString(), TableFormat.PARQUET);
    fullScan(distinctTables);
    allQueries();
    double scanSeconds = fullScan(distinctTables);
    double querySeconds = allQueries();
    long rows = spark.table("pin_clean").count();
    // as rows of pin_clean per second, so the line shows readable rates (the ratio is the time ratio)
    results.add(new BenchResult("queries", rows / querySeconds, rows / scanSeconds, 1 / 3.0,
        String.format("pin_clean rows/s; 9 queries %.2fs, one full scan of the three tables %.2fs, pin_clean %,d rows; target time <= 3x;"
            + " the same queries over the 20,000-post tables: %.2fs", querySeconds, scanSeconds, rows, floorSeconds)));

    if (scaling) {
      TempDirs.deleteTree(archive);
      Path big = archive("big", posts * 10);
      double bigSeconds = clean(big, work.resolve("big-tables"));
      results.add(new BenchResult("clean-scaling", posts * 10 / bigSeconds, posts / cleanSeconds, 10 / 11.0,
          String.format("posts=%,d in %.1fs vs %,d in %.1fs; target time <= 11x", posts * 10, bigSeconds, posts, cleanSeconds)));
      TempDirs.deleteTree(big);
    }
    return results;
  }

  private double clean(Path archive, Path tables) {
    return clean(archive.toString(), PREFIX, tables.toString());
  }

  /** Cleans the archive at {@code archive} (any Hadoop path) whose topics start with {@code prefix} into {@code tables}. */
  double clean(String archive, String prefix, String tables) {
    long start = System.nanoTime();
    CleanReport report = CleanJob.builder(tables).build().runBatch(spark, ArchiveSource.at(archive).withPrefix(prefix));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!report.balanced()) {
      throw new IllegalStateException("clean does not balance:\n" + report.toText());
    }
    return seconds;
  }

  private double copy(Path archive, Path out) {
    return copy(archive.toString(), PREFIX, out.toString());
  }

  /** The baseline: read each topic's JSON with the raw schema and write it to Parquet, nothing else. */
  double copy(String archive, String prefix, String out) {
    long start = System.nanoTime();
    for (RecordType type : RecordType.values()) {
      spark.read().schema(RawSchemas.of(type)).json(archive + "/topics/" + prefix + "." + type.suffix())
          .write().mode(SaveMode.Overwrite).parquet(out + "/" + type.suffix());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The queries' baseline: every column of every clean table read once. */
  double fullScan(Path tables) {
    long start = System.nanoTime();
    for (CleanTable table : CleanTable.values()) {
      spark.read().parquet(tables.resolve(table.tableName()).toString()).write().format("noop").mode(SaveMode.Overwrite).save();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  double allQueries() {
    long start = System.nanoTime();
    new Queries(spark).collectAll();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Writes an archive of {@code posts} generated posts: one partition per topic, objects of 10,000 lines (the archiver's usual flush size). */
  private Path archive(String name, long posts) {
    return archive(name, posts, PostGenerator.withSeed(7));
  }

  private Path archive(String name, long posts, PostGenerator generator) {
    Path root = work.resolve(name);
    JsonCodec codec = JsonCodec.standard();
    Map<RecordType, OutputStream> out = new EnumMap<>(RecordType.class);
    Map<RecordType, Long> lines = new EnumMap<>(RecordType.class);
    try {
      for (Post post : (Iterable<Post>) () -> generator.iterator(posts)) {
        for (RecordType type : RecordType.values()) {
          long n = lines.merge(type, 1L, Long::sum) - 1;
          if (n % OBJECT_LINES == 0) {
            if (out.containsKey(type)) {
              out.get(type).close();
            }
            Path partition = root.resolve("topics/" + PREFIX + "." + type.suffix() + "/partition=0");
            Files.createDirectories(partition);
            out.put(type, new BufferedOutputStream(Files.newOutputStream(
                partition.resolve(String.format("%s.%s+0+%010d.json", PREFIX, type.suffix(), n))), 1 << 20));
          }
          out.get(type).write(codec.encode(post.record(type)));
          out.get(type).write('\n');
        }
      }
      for (OutputStream stream : out.values()) {
        stream.close();
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the benchmark archive " + root, e);
    }
  }
}
