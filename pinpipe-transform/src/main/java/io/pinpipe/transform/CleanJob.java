package io.pinpipe.transform;

import static org.apache.spark.sql.functions.col;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.model.RecordType;
import io.pinpipe.transform.internal.BatchCleaner;
import io.pinpipe.transform.internal.TableStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans raw records into the tables {@code pin_clean}, {@code geo_clean}, {@code user_clean} and
 * their {@code _quarantine} tables under one output directory, in three modes sharing one code path:
 *
 * <ul>
 *   <li>{@link #runBatch}: everything the source holds now; replaces the tables.
 *   <li>{@link #runIncremental}: only what the checkpoint has not seen (archive objects or Kafka
 *       offsets), with {@code Trigger.AvailableNow}; appends.
 *   <li>{@link #startStreaming}: a continuous query that appends every micro-batch.
 * </ul>
 *
 * <p>Every run returns a {@link CleanReport} with {@code raw = clean + quarantined + duplicates} per
 * table. A micro-batch re-run after a crash replaces what its first attempt wrote, so tables never
 * hold a row twice. Nothing here assumes a local master or a local path.
 */
public final class CleanJob {
  private static final Logger LOG = LoggerFactory.getLogger(CleanJob.class);

  private final String output;
  private final TableFormat format;

  private CleanJob(Builder builder) {
    this.output = builder.output;
    this.format = builder.format;
  }

  /** A job writing its tables under {@code output} (any Hadoop path). */
  public static Builder builder(String output) {
    return new Builder(output);
  }

  /** Where the tables are written. */
  public String output() {
    return output;
  }

  /** The table format. */
  public TableFormat format() {
    return format;
  }

  /** Cleans everything {@code source} holds now and replaces the six tables with the result. */
  public CleanReport runBatch(SparkSession spark, LineSource source) {
    return runBatch(spark, source, count -> {});
  }

  /**
   * As {@link #runBatch(SparkSession, LineSource)}, telling {@code onTable} as each table is done
   * (for progress output).
   */
  public CleanReport runBatch(SparkSession spark, LineSource source, Consumer<TableCount> onTable) {
    TableStore store = TableStore.of(format, spark, output);
    List<TableCount> counts = new ArrayList<>();
    for (CleanTable table : CleanTable.values()) {
      Dataset<Row> lines = source.batch(spark, table.recordType());
      if (!source.repeatable()) {
        lines = lines.persist(StorageLevel.MEMORY_AND_DISK());
      }
      TableCount count;
      try {
        count = cleanInto(table, lines, spark.createDataFrame(List.of(), table.schema()), store::replace);
      } finally {
        lines.unpersist();
      }
      counts.add(count);
      LOG.info("Cleaned {} from {}: {}", table.tableName(), source.describe(), count);
      onTable.accept(count);
    }
    return oneBatch(counts);
  }

  /**
   * Cleans what {@code source} holds that the checkpoint has not seen, appends it, and returns when
   * done. Run it again later to take only the new records.
   *
   * @param checkpoint a directory owned by this job and source (any Hadoop path)
   */
  public CleanReport runIncremental(SparkSession spark, LineSource source, String checkpoint) {
    CleanStream stream = startStreaming(spark, source, checkpoint, Trigger.AvailableNow());
    try {
      stream.query().awaitTermination();
    } catch (StreamingQueryException e) {
      throw new PinpipeException("Incremental clean of " + source.describe() + " failed: " + e.getMessage(), e);
    }
    return stream.report();
  }

  /**
   * Starts a streaming query that cleans every micro-batch of {@code source} into the tables.
   *
   * @param checkpoint a directory owned by this query (any Hadoop path)
   * @param trigger for example {@code Trigger.ProcessingTime("1 minute")}
   */
  public CleanStream startStreaming(SparkSession spark, LineSource source, String checkpoint, Trigger trigger) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    String stream = streamKey(checkpoint);
    TableStore store = TableStore.of(format, spark, output);
    AtomicReference<CleanReport> report = new AtomicReference<>(CleanReport.empty());
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> report.accumulateAndGet(cleanMicroBatch(store, batch, stream, batchId), CleanReport::plus);
    try {
      StreamingQuery query =
          source
              .stream(spark)
              .writeStream()
              .queryName("pinpipe-clean-" + stream)
              .option("checkpointLocation", checkpoint)
              .trigger(trigger)
              .foreachBatch(perBatch)
              .start();
      return new CleanStream(query, report);
    } catch (TimeoutException e) {
      throw new PinpipeException("Cannot start the clean stream of " + source.describe() + ": " + e.getMessage(), e);
    }
  }

  private CleanReport cleanMicroBatch(TableStore store, Dataset<Row> batch, String stream, long batchId) {
    Dataset<Row> lines = batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<TableCount> counts = new ArrayList<>();
      Set<String> present = new HashSet<>();
      for (Row row : lines.select(LineSource.TYPE).distinct().collectAsList()) {
        present.add(row.getString(0));
      }
      for (CleanTable table : CleanTable.values()) {
        RecordType type = table.recordType();
        if (!present.contains(type.suffix())) {
          continue;
        }
        Dataset<Row> ofType = lines.where(col(LineSource.TYPE).equalTo(type.suffix())).select(Cleaner.RAW, Cleaner.SOURCE);
        counts.add(cleanInto(table, ofType, store.read(table.tableName(), table.schema()),
            (name, rows) -> store.append(name, rows, stream, batchId)));
      }
      LOG.info("Clean stream {} batch {}: {}", stream, batchId, counts);
      return oneBatch(counts);
    } finally {
      lines.unpersist();
    }
  }

  /** Cleans one table's lines against its existing rows and writes the quarantine, then the clean rows. */
  private static TableCount cleanInto(
      CleanTable table, Dataset<Row> lines, Dataset<Row> existing, BiConsumer<String, Dataset<Row>> write) {
    BatchCleaner.Output out = new BatchCleaner(table).clean(lines, existing);
    try {
      write.accept(table.quarantineName(), out.quarantine());
      write.accept(table.tableName(), out.clean());
    } finally {
      out.release().run();
    }
    return out.count();
  }

  /** The report of one batch: these counts, zero for the tables the batch did not touch. */
  private static CleanReport oneBatch(List<TableCount> counts) {
    return CleanReport.empty().plus(new CleanReport(counts, 1));
  }

  /** A stable short name for a checkpoint, so re-runs of a batch find what their first attempt wrote. */
  static String streamKey(String checkpoint) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(checkpoint.getBytes(StandardCharsets.UTF_8));
      return "s" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Builds a {@link CleanJob}. */
  public static final class Builder {
    private final String output;
    private TableFormat format = TableFormat.PARQUET;

    private Builder(String output) {
      this.output = Objects.requireNonNull(output, "output");
    }

    /** Parquet (default) or Delta. */
    public Builder format(TableFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** The job. */
    public CleanJob build() {
      return new CleanJob(this);
    }
  }
}
