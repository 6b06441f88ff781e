package io.pinpipe.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;

import io.pinpipe.model.Names;
import io.pinpipe.model.RecordType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The archive of SPEC section 3 ({@code <root>/topics/<topic>/partition=<p>/<topic>+<p>+<offset>.json}
 * or {@code .json.gz}) under any Hadoop path: a local directory, {@code s3a://bucket/root}, or a
 * Databricks mount such as {@code dbfs:/mnt/archive}. The {@code errors/} area is not read: its lines
 * are not records. {@value Cleaner#SOURCE} is the object's path.
 *
 * @param root the archive root (the directory holding {@code topics/})
 * @param prefix the pipeline prefix whose topics are read, or {@code *} for every prefix
 * @param maxFilesPerTrigger how many new objects one micro-batch takes at most
 */
public record ArchiveSource(String root, String prefix, int maxFilesPerTrigger) implements LineSource {
  private static final String OBJECT_NAMES = "*.json*";

  /** Checks the values. */
  public ArchiveSource {
    Objects.requireNonNull(root, "root");
    if (!prefix.equals("*")) {
      Names.checkTopic(prefix + ".pin");
    }
    if (maxFilesPerTrigger < 1) {
      throw new IllegalArgumentException("maxFilesPerTrigger must be at least 1, got " + maxFilesPerTrigger);
    }
  }

  /** Every prefix under a root, up to 1,000 objects per micro-batch. */
  public static ArchiveSource at(String root) {
    return new ArchiveSource(root, "*", 1_000);
  }

  /** The same source limited to one pipeline prefix. */
  public ArchiveSource withPrefix(String prefix) {
    return new ArchiveSource(root, prefix, maxFilesPerTrigger);
  }

  @Override
  public Dataset<Row> batch(SparkSession spark, RecordType type) {
    // the partition directories, not each object: Spark lists a directory with one request, but asks
    // for every object path's status on its own (one HEAD per object on S3)
    String[] partitions = matches(spark, partitionGlob(type.suffix()));
    if (partitions.length == 0) {
      StructType empty = new StructType().add(Cleaner.RAW, DataTypes.StringType).add(Cleaner.SOURCE, DataTypes.StringType);
      return spark.createDataFrame(List.of(), empty);
    }
    return lines(spark.read().option("pathGlobFilter", OBJECT_NAMES).text(partitions));
  }

  @Override
  public Dataset<Row> stream(SparkSession spark) {
    Dataset<Row> text =
        spark.readStream().option("maxFilesPerTrigger", maxFilesPerTrigger).text(glob("{pin,geo,user}"));
    return lines(text)
        .withColumn(TYPE, regexp_extract(col(Cleaner.SOURCE), "/topics/[^/]*\\.(pin|geo|user)/partition=", 1));
  }

  @Override
  public String describe() {
    return root + " (prefix " + prefix + ")";
  }

  private String glob(String suffixes) {
    return partitionGlob(suffixes) + "/" + OBJECT_NAMES;
  }

  private String partitionGlob(String suffixes) {
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    return base + "/topics/" + prefix + "." + suffixes + "/partition=*";
  }

  private static Dataset<Row> lines(Dataset<Row> text) {
    return text.select(col("value").as(Cleaner.RAW), col("_metadata.file_path").as(Cleaner.SOURCE));
  }

  /** The paths a glob matches (listed here, so Spark does not probe the glob for a sink log). */
  private static String[] matches(SparkSession spark, String glob) {
    Path path = new Path(glob);
    try {
      FileStatus[] files = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(path);
      return files == null ? new String[0] : Arrays.stream(files).map(file -> file.getPath().toString()).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list archive " + glob, e);
    }
  }
}
