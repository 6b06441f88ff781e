package io.pinpipe.transform.internal;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.pinpipe.transform.CleanTable;
import io.pinpipe.transform.Cleaner;
import io.pinpipe.transform.TableCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Cleans one batch of raw lines of one table and writes it: the single code path of batch,
 * incremental and streaming runs.
 *
 * <p>The raw lines are counted per distinct line, so parsing and the rules run once per distinct
 * line; identical clean rows are then grouped with a count, so the rest works on a few rows per
 * {@code ind}. Lines are read a second time only when some are quarantined, to give each occurrence
 * its own source, so sources must be repeatable (see {@link io.pinpipe.transform.LineSource}). Per {@code ind} the row kept is the
 * one already in the table, else the smallest cleaned row comparing columns in table order (nulls
 * first): deterministic whatever the arrival order inside a batch.
 */
public final class BatchCleaner {
  private static final String COUNT = "_pinpipe_n";
  private static final String LINE_COUNT = "_pinpipe_lines";
  private static final String EXISTING = "_pinpipe_existing";
  private static final String RANK = "_pinpipe_rank";
  private static final String KEEPER = "_pinpipe_keeper";
  private static final String BAD_RAW = "_pinpipe_bad_raw";
  private static final String EARLIER_RAW = "_pinpipe_earlier_raw";
  private static final String EARLIER_SOURCE = "_pinpipe_earlier_source";

  private final CleanTable table;
  private final Cleaner cleaner;

  public BatchCleaner(CleanTable table) {
    this.table = table;
    this.cleaner = Cleaner.of(table.recordType());
  }

  /**
   * What {@link #clean} produced, not yet written.
   *
   * @param count the planned counts: {@code clean} and {@code quarantined} are the rows the two
   *     datasets hold, so a writer can compare them with what it reads back
   * @param keys the distinct {@code ind} of the batch's valid rows: each must be in the clean table
   *     once the batch is written (kept earlier or written now), whatever the plan said
   */
  public record Output(Dataset<Row> clean, Dataset<Row> quarantine, TableCount count, Dataset<Row> keys, Runnable release) {}

  /**
   * Cleans {@code lines} ({@code raw}, {@code source}) against the rows already in the table.
   *
   * @param existing the table's rows before this batch (empty for a full rebuild)
   * @param quarantined the quarantine table's rows before this batch: a line whose source is already
   *     there was quarantined by an earlier run over the same source (a checkpoint started afresh)
   *     and counts as a duplicate instead of being quarantined twice
   */
  public Output clean(Dataset<Row> lines, Dataset<Row> existing, Dataset<Row> quarantined) {
    Column[] columns = table.columns();
    Column isQuarantined = col(Cleaner.REASON).isNotNull();
    List<Column> keys = new ArrayList<>(Arrays.asList(columns));
    keys.add(col(Cleaner.REASON));
    keys.add(when(isQuarantined, col(Cleaner.RAW)).as(Cleaner.RAW));
    keys.add(col(LINE_COUNT));
    // Re-sent posts are byte-identical lines: count them first, so parsing and the rules run once per
    // distinct line, not once per line. Sources are fetched again only for lines that are quarantined.
    Dataset<Row> distinctLines =
        lines.groupBy(col(Cleaner.RAW)).agg(count(lit(1)).as(LINE_COUNT)).withColumn(Cleaner.SOURCE, lit(null).cast("string"));
    Dataset<Row> groups =
        cleaner
            .classify(distinctLines)
            .select(keys.toArray(Column[]::new))
            .groupBy(groupColumns())
            .agg(sum(col(LINE_COUNT)).as(COUNT))
            .persist(StorageLevel.MEMORY_AND_DISK());

    Dataset<Row> bad = groups.where(isQuarantined);
    long quarantinedRows = longOrZero(bad.agg(sum(col(COUNT))).first(), 0);
    // every occurrence of a quarantined line, with its own source: a second read of the lines, joined
    // with the (few) quarantined distinct lines (null-safe: a null value is quarantined too); skipped
    // when there are none
    Dataset<Row> quarantine = lines.sparkSession().createDataFrame(List.of(), CleanTable.QUARANTINE_SCHEMA);
    long quarantineRows = 0;
    if (quarantinedRows > 0) {
      Dataset<Row> reasons = broadcast(bad.select(col(Cleaner.RAW).as(BAD_RAW), col(Cleaner.REASON)));
      quarantine =
          lines
              .join(reasons, col(Cleaner.RAW).eqNullSafe(col(BAD_RAW)))
              .select(col(Cleaner.RAW), col(Cleaner.REASON), col(Cleaner.SOURCE));
      Dataset<Row> earlier =
          quarantined.select(col(Cleaner.RAW).as(EARLIER_RAW), col(Cleaner.SOURCE).as(EARLIER_SOURCE)).distinct();
      if (earlier.isEmpty()) {
        quarantineRows = quarantinedRows;
      } else {
        // the same line from the same source, quarantined by an earlier run over that source
        quarantine =
            quarantine
                .join(
                    earlier,
                    col(Cleaner.RAW).eqNullSafe(col(EARLIER_RAW)).and(col(Cleaner.SOURCE).equalTo(col(EARLIER_SOURCE))),
                    "left_anti")
                .select(col(Cleaner.RAW), col(Cleaner.REASON), col(Cleaner.SOURCE));
        quarantineRows = quarantine.count();
      }
    }

    Dataset<Row> versions = groups.where(not(isQuarantined)).select(withExtra(columns, col(COUNT), lit(false).as(EXISTING)));
    Dataset<Row> kept =
        existing
            .join(versions.select("ind").distinct(), "ind", "left_semi")
            .select(withExtra(columns, lit(0L).as(COUNT), lit(true).as(EXISTING)));
    WindowSpec byInd = Window.partitionBy("ind").orderBy(orderColumns());
    Column row = struct(columns);
    Dataset<Row> ranked =
        versions
            .unionByName(kept)
            .withColumn(RANK, row_number().over(byInd))
            .withColumn(KEEPER, first(row).over(byInd))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> clean = ranked.where(col(RANK).equalTo(1).and(not(col(EXISTING)))).select(columns);

    Row valid =
        ranked
            .agg(
                sum(col(COUNT)),
                sum(when(not(row.eqNullSafe(col(KEEPER))), col(COUNT)).otherwise(0L)),
                sum(when(col(RANK).equalTo(1).and(not(col(EXISTING))), 1L).otherwise(0L)))
            .first();
    long validRows = longOrZero(valid, 0);
    long conflicts = longOrZero(valid, 1);
    long cleanRows = longOrZero(valid, 2);
    // a quarantined line whose source an earlier run already quarantined is a duplicate of that row
    long replayedQuarantine = quarantinedRows - quarantineRows;
    TableCount tableCount =
        new TableCount(
            table.tableName(),
            validRows + quarantinedRows,
            cleanRows,
            quarantineRows,
            validRows - cleanRows + replayedQuarantine,
            conflicts);
    Runnable release =
        () -> {
          ranked.unpersist();
          groups.unpersist();
        };
    return new Output(clean, quarantine, tableCount, versions.select("ind").distinct(), release);
  }

  private Column[] groupColumns() {
    List<Column> group = new ArrayList<>(Arrays.asList(table.columns()));
    group.add(col(Cleaner.REASON));
    group.add(col(Cleaner.RAW));
    return group.toArray(Column[]::new);
  }

  private Column[] orderColumns() {
    List<Column> order = new ArrayList<>();
    order.add(col(EXISTING).desc());
    for (String name : table.schema().fieldNames()) {
      order.add(col(name).asc_nulls_first());
    }
    return order.toArray(Column[]::new);
  }

  private static Column[] withExtra(Column[] columns, Column... extra) {
    List<Column> all = new ArrayList<>(Arrays.asList(columns));
    all.addAll(Arrays.asList(extra));
    return all.toArray(Column[]::new);
  }

  private static long longOrZero(Row row, int field) {
    return row.isNullAt(field) ? 0 : row.getLong(field);
  }
}
