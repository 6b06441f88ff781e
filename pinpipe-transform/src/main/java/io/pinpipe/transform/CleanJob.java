package io.pinpipe.transform;

import static org.apache.spark.sql.functions.col;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.model.RecordType;
import io.pinpipe.transform.internal.BatchCleaner;
import io.pinpipe.transform.internal.BatchTag;
import io.pinpipe.transform.internal.StreamIdentity;
import io.pinpipe.transform.internal.TableStore;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.apache.spark.sql.types.StructType;
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
 * table, counted from what the tables hold after the writes. A micro-batch is idempotent by its id
 * in every table: re-run after a crash at any step, it never reads its own earlier attempt as
 * existing rows and replaces what that attempt wrote, so the six tables end as one uninterrupted
 * run leaves them (see {@code internal.TableStore}). The checkpoint owns the stream's id, so a
 * checkpoint deleted and started afresh re-reads everything as duplicates of the rows already
 * kept. Nothing here assumes a local master or a local path.
 */
public final class CleanJob {
  private static final Logger LOG = LoggerFactory.getLogger(CleanJob.class);

  private final String output;
  private final TableFormat format;
  private final BiConsumer<String, Long> afterWrite;

  private CleanJob(Builder builder) {
    this.output = builder.output;
    this.format = builder.format;
    this.afterWrite = builder.afterWrite;
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
        Dataset<Row> none = spark.createDataFrame(List.of(), table.schema());
        Dataset<Row> noQuarantine = spark.createDataFrame(List.of(), CleanTable.QUARANTINE_SCHEMA);
        count =
            cleanInto(
                table,
                lines,
                none,
                noQuarantine,
                new Writer(store) {
                  @Override
                  void write(String name, Dataset<Row> rows) {
                    store.replace(name, rows);
                    afterWrite.accept(name, -1L);
                  }

                  @Override
                  long written(String name, StructType schema) {
                    return store.count(name, schema);
                  }
                });
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
   * @param checkpoint a directory owned by this query (any Hadoop path); it also keeps the stream's
   *     id, so deleting it starts a new stream whose batches never meet the earlier one's
   * @param trigger for example {@code Trigger.ProcessingTime("1 minute")}
   */
  public CleanStream startStreaming(SparkSession spark, LineSource source, String checkpoint, Trigger trigger) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    String stream = StreamIdentity.of(spark, checkpoint);
    TableStore store = TableStore.of(format, spark, output);
    AtomicReference<CleanReport> report = new AtomicReference<>(CleanReport.empty());
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) ->
            report.accumulateAndGet(cleanMicroBatch(store, batch, new BatchTag(stream, batchId)), CleanReport::plus);
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

  private CleanReport cleanMicroBatch(TableStore store, Dataset<Row> batch, BatchTag tag) {
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
        counts.add(
            cleanInto(
                table,
                ofType,
                store.readBefore(table.tableName(), table.schema(), tag),
                store.readBefore(table.quarantineName(), CleanTable.QUARANTINE_SCHEMA, tag),
                new Writer(store) {
                  @Override
                  void write(String name, Dataset<Row> rows) {
                    store.append(name, rows, tag);
                    afterWrite.accept(name, tag.batchId());
                  }

                  @Override
                  long written(String name, StructType schema) {
                    return store.written(name, schema, tag);
                  }
                }));
      }
      LOG.info("Clean batch {}: {}", tag, counts);
      return oneBatch(counts);
    } finally {
      lines.unpersist();
    }
  }

  /**
   * Cleans one table's lines against its existing rows, writes the quarantine, then the clean rows,
   * and reads back what the tables now hold of the batch: the count reports those, so rows planned
   * but not written (or written twice) show as an unbalanced table, never as a balanced report.
   */
  private static TableCount cleanInto(
      CleanTable table, Dataset<Row> lines, Dataset<Row> existing, Dataset<Row> quarantined, Writer writer) {
    BatchCleaner.Output out = new BatchCleaner(table).clean(lines, existing, quarantined);
    long lost;
    try {
      writer.write(table.quarantineName(), out.quarantine());
      writer.write(table.tableName(), out.clean());
      // a valid ind of the batch that the table does not hold now was planned as a duplicate of a row
      // that is not there (the bug of a replay that reads its own earlier attempt): count it as lost
      lost = out.keys().join(writer.current(table.tableName(), table.schema()).select("ind"), "ind", "left_anti").count();
    } finally {
      out.release().run();
    }
    TableCount planned = out.count();
    long quarantineWritten = writer.written(table.quarantineName(), CleanTable.QUARANTINE_SCHEMA);
    long cleanWritten = writer.written(table.tableName(), table.schema());
    if (quarantineWritten != planned.quarantined() || cleanWritten != planned.clean() || lost > 0) {
      LOG.error(
          "Table {} holds {} clean and {} quarantined rows of this batch, {} and {} were planned; {} row indexes of the"
              + " batch are in neither",
          table.tableName(), cleanWritten, quarantineWritten, planned.clean(), planned.quarantined(), lost);
    }
    return new TableCount(
        planned.table(), planned.raw(), cleanWritten, quarantineWritten, planned.duplicates() - lost, planned.conflicts());
  }

  /** Where {@link #cleanInto} writes a table and how it reads back what the batch left there. */
  private abstract static class Writer {
    private final TableStore store;

    Writer(TableStore store) {
      this.store = store;
    }

    abstract void write(String table, Dataset<Row> rows);

    abstract long written(String table, StructType schema);

    /** The table's rows now. */
    Dataset<Row> current(String table, StructType schema) {
      return store.read(table, schema);
    }
  }

  /** The report of one batch: these counts, zero for the tables the batch did not touch. */
  private static CleanReport oneBatch(List<TableCount> counts) {
    return CleanReport.empty().plus(new CleanReport(counts, 1));
  }

  /** Builds a {@link CleanJob}. */
  public static final class Builder {
    private final String output;
    private TableFormat format = TableFormat.PARQUET;
    private BiConsumer<String, Long> afterWrite = (table, batch) -> {};

    private Builder(String output) {
      this.output = Objects.requireNonNull(output, "output");
    }

    /** Parquet (default) or Delta. */
    public Builder format(TableFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Called after each table is written with its name and batch id (-1 in batch runs); tests
     * throw from it to die at that step.
     */
    Builder afterWrite(BiConsumer<String, Long> afterWrite) {
      this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite");
      return this;
    }

    /** The job. */
    public CleanJob build() {
      return new CleanJob(this);
    }
  }
}
