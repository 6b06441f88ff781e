package io.pinpipe.transform.internal;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.transform.TableFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The output directory: one sub-directory per table, written so that a crash never leaves a
 * half-written batch visible after the re-run and a re-run batch never duplicates rows.
 */
public abstract class TableStore {
  private static final String STAGING = "_staging";

  protected final SparkSession spark;
  protected final Path output;

  private TableStore(SparkSession spark, String output) {
    this.spark = spark;
    this.output = new Path(output);
  }

  /** The store for a format. */
  public static TableStore of(TableFormat format, SparkSession spark, String output) {
    return format == TableFormat.DELTA ? new Delta(spark, output) : new Parquet(spark, output);
  }

  /** The path of one table. */
  public Path path(String table) {
    return new Path(output, table);
  }

  /** The rows of a table, or an empty dataset of the schema when it does not exist yet. */
  public Dataset<Row> read(String table, StructType schema) {
    if (!exists(table)) {
      return spark.createDataFrame(List.of(), schema);
    }
    return readExisting(table, schema);
  }

  /** Whether the table exists. */
  public abstract boolean exists(String table);

  protected abstract Dataset<Row> readExisting(String table, StructType schema);

  /**
   * Appends a batch's rows; running the same {@code (stream, batchId)} again replaces what the first
   * attempt wrote instead of adding to it.
   */
  public abstract void append(String table, Dataset<Row> rows, String stream, long batchId);

  /** Replaces a table's whole content with {@code rows}. */
  public abstract void replace(String table, Dataset<Row> rows);

  protected boolean pathExists(Path path) {
    try {
      return fileSystem().exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + path, e);
    }
  }

  protected FileSystem fileSystem() {
    try {
      return output.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach output " + output, e);
    }
  }

  /** Plain Parquet; batches become visible by renaming their files into the table directory. */
  private static final class Parquet extends TableStore {
    Parquet(SparkSession spark, String output) {
      super(spark, output);
    }

    @Override
    public boolean exists(String table) {
      return pathExists(path(table));
    }

    @Override
    protected Dataset<Row> readExisting(String table, StructType schema) {
      return spark.read().schema(schema).parquet(path(table).toString());
    }

    @Override
    public void append(String table, Dataset<Row> rows, String stream, long batchId) {
      String tag = String.format("%s-b%010d", stream, batchId);
      FileSystem fs = fileSystem();
      Path dir = path(table);
      Path staging = new Path(new Path(dir, STAGING), tag);
      try {
        FileStatus[] earlier = fs.globStatus(new Path(dir, tag + "-*"));
        if (earlier != null) {
          for (FileStatus file : earlier) {
            fs.delete(file.getPath(), false);
          }
        }
        rows.write().mode(SaveMode.Overwrite).parquet(staging.toString());
        for (FileStatus file : fs.listStatus(staging)) {
          String name = file.getPath().getName();
          if (name.startsWith("part-")) {
            rename(fs, file.getPath(), new Path(dir, tag + "-" + name));
          }
        }
        fs.delete(staging.getParent(), true);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot append batch " + tag + " to " + dir, e);
      }
    }

    @Override
    public void replace(String table, Dataset<Row> rows) {
      FileSystem fs = fileSystem();
      Path dir = path(table);
      Path staging = new Path(new Path(output, STAGING), table);
      try {
        rows.write().mode(SaveMode.Overwrite).parquet(staging.toString());
        fs.delete(dir, true);
        rename(fs, staging, dir);
        if (fs.listStatus(staging.getParent()).length == 0) {
          fs.delete(staging.getParent(), false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot replace table " + dir, e);
      }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
      if (!fs.rename(from, to)) {
        throw new PinpipeException("Cannot rename " + from + " to " + to + ": the file system refused");
      }
    }
  }

  /** Delta Lake: every batch is one commit, made idempotent with {@code txnAppId}/{@code txnVersion}. */
  private static final class Delta extends TableStore {
    Delta(SparkSession spark, String output) {
      super(spark, output);
    }

    @Override
    public boolean exists(String table) {
      return pathExists(new Path(path(table), "_delta_log"));
    }

    @Override
    protected Dataset<Row> readExisting(String table, StructType schema) {
      return spark.read().format("delta").load(path(table).toString());
    }

    @Override
    public void append(String table, Dataset<Row> rows, String stream, long batchId) {
      rows.write()
          .format("delta")
          .mode(SaveMode.Append)
          .option("txnAppId", "pinpipe-clean-" + stream + "-" + table)
          .option("txnVersion", batchId)
          .save(path(table).toString());
    }

    @Override
    public void replace(String table, Dataset<Row> rows) {
      rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path(table).toString());
    }
  }
}
