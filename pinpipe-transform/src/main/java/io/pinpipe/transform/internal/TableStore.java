package io.pinpipe.transform.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.transform.TableFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The output directory: one sub-directory per table, written so that a micro-batch is idempotent by
 * its {@link BatchTag} in every table, whatever point its previous attempt died at.
 *
 * <p>Two rules make a replayed batch write exactly what its first attempt would have:
 *
 * <ul>
 *   <li>It never reads its own earlier attempt as existing rows ({@link #readBefore}): otherwise
 *       every row of the batch ranks as "already in the table" and the replay writes nothing.
 *   <li>Its writes replace what the earlier attempt wrote ({@link #append}): Parquet deletes the
 *       files carrying the tag before renaming the new ones in; Delta skips a commit whose
 *       {@code txnAppId}/{@code txnVersion} it already has.
 * </ul>
 *
 * {@link #written} reads back how many rows a batch has in a table, so a report counts what is
 * there rather than what was planned.
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
    return exists(table) ? readExisting(table, schema) : empty(schema);
  }

  /**
   * The rows of a table as they were before {@code tag}'s batch wrote to it: what the table holds
   * without anything an earlier attempt of the same batch left there.
   */
  public Dataset<Row> readBefore(String table, StructType schema, BatchTag tag) {
    return exists(table) ? readExistingBefore(table, schema, tag) : empty(schema);
  }

  /** Rows of {@code tag}'s batch now in the table, read back from the table itself. */
  public abstract long written(String table, StructType schema, BatchTag tag);

  /** Rows in the whole table, read back. */
  public long count(String table, StructType schema) {
    return read(table, schema).count();
  }

  /** Whether the table exists. */
  public abstract boolean exists(String table);

  protected abstract Dataset<Row> readExisting(String table, StructType schema);

  protected abstract Dataset<Row> readExistingBefore(String table, StructType schema, BatchTag tag);

  /**
   * Appends a batch's rows; running the same batch again replaces what the earlier attempt wrote
   * instead of adding to it.
   */
  public abstract void append(String table, Dataset<Row> rows, BatchTag tag);

  /** Replaces a table's whole content with {@code rows}. */
  public abstract void replace(String table, Dataset<Row> rows);

  protected Dataset<Row> empty(StructType schema) {
    return spark.createDataFrame(List.of(), schema);
  }

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

  /**
   * Plain Parquet; a batch's files are named {@code <tag>-part-...} and become visible by being
   * renamed into the table directory, so the batch's rows are found (and excluded) by file name.
   */
  private static final class Parquet extends TableStore {
    private static final String FILE_NAME = "_metadata.file_name";

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
    protected Dataset<Row> readExistingBefore(String table, StructType schema, BatchTag tag) {
      return readExisting(table, schema).where(not(col(FILE_NAME).startsWith(tag.filePrefix()))).select(columns(schema));
    }

    @Override
    public long written(String table, StructType schema, BatchTag tag) {
      return exists(table) ? readExisting(table, schema).where(col(FILE_NAME).startsWith(tag.filePrefix())).count() : 0;
    }

    @Override
    public void append(String table, Dataset<Row> rows, BatchTag tag) {
      FileSystem fs = fileSystem();
      Path dir = path(table);
      Path staging = new Path(new Path(dir, STAGING), tag.toString());
      try {
        FileStatus[] earlier = fs.globStatus(new Path(dir, tag.filePrefix() + "*"));
        if (earlier != null) {
          for (FileStatus file : earlier) {
            fs.delete(file.getPath(), false);
          }
        }
        rows.write().mode(SaveMode.Overwrite).parquet(staging.toString());
        for (FileStatus file : fs.listStatus(staging)) {
          String name = file.getPath().getName();
          if (name.startsWith("part-")) {
            rename(fs, file.getPath(), new Path(dir, tag.filePrefix() + name));
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

    private static Column[] columns(StructType schema) {
      String[] names = schema.fieldNames();
      Column[] columns = new Column[names.length];
      for (int i = 0; i < names.length; i++) {
        columns[i] = col(names[i]);
      }
      return columns;
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
      if (!fs.rename(from, to)) {
        throw new PinpipeException("Cannot rename " + from + " to " + to + ": the file system refused");
      }
    }
  }

  /**
   * Delta Lake: every batch is one commit per table, made idempotent with {@code txnAppId} (the
   * checkpoint's stream id and the table) and {@code txnVersion} (the batch id), and labelled with
   * the tag as the commit's {@code userMetadata} so the commit can be found in the table's history.
   */
  private static final class Delta extends TableStore {
    /** How far back in a table's history a batch's own earlier commit is looked for. */
    private static final int HISTORY_WINDOW = 100;

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
    protected Dataset<Row> readExistingBefore(String table, StructType schema, BatchTag tag) {
      Row commit = commit(table, tag);
      if (commit == null) {
        return readExisting(table, schema);
      }
      long version = commit.getLong(0);
      return version == 0
          ? empty(schema)
          : spark.read().format("delta").option("versionAsOf", version - 1).load(path(table).toString());
    }

    @Override
    public long written(String table, StructType schema, BatchTag tag) {
      Row commit = exists(table) ? commit(table, tag) : null;
      if (commit == null) {
        return 0;
      }
      Map<String, String> metrics = commit.getJavaMap(1);
      String rows = metrics == null ? null : metrics.get("numOutputRows");
      return rows == null ? 0 : Long.parseLong(rows);
    }

    /** The commit of {@code tag} in the table's recent history: version and operation metrics, or null. */
    private Row commit(String table, BatchTag tag) {
      String quoted = "`" + path(table).toString().replace("`", "``") + "`";
      List<Row> found =
          spark.sql("DESCRIBE HISTORY delta." + quoted + " LIMIT " + HISTORY_WINDOW)
              .where(col("userMetadata").equalTo(tag.toString()))
              .select(col("version"), col("operationMetrics"))
              .collectAsList();
      return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public void append(String table, Dataset<Row> rows, BatchTag tag) {
      rows.write()
          .format("delta")
          .mode(SaveMode.Append)
          .option("txnAppId", "pinpipe-clean-" + tag.stream() + "-" + table)
          .option("txnVersion", tag.batchId())
          .option("userMetadata", tag.toString())
          .save(path(table).toString());
    }

    @Override
    public void replace(String table, Dataset<Row> rows) {
      rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path(table).toString());
    }
  }
}
