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

  private final CleanTable table;
  private final Cleaner cleaner;

  public BatchCleaner(CleanTable table) {
    this.table = table;
    this.cleaner = Cleaner.of(table.recordType());
  }

  /** What {@link #clean} produced, not yet written. */
  public record Output(Dataset<Row> clean, Dataset<Row> quarantine, TableCount count, Runnable release) {}

  /**
   * Cleans {@code lines} ({@code raw}, {@code source}) against the rows already in the table.
   *
   * @param existing the table's current rows (empty for a full rebuild)
   */
  public Output clean(Dataset<Row> lines, Dataset<Row> existing) {
    Column[] columns = table.columns();
    Column quarantined = col(Cleaner.REASON).isNotNull();
    List<Column> keys = new ArrayList<>(Arrays.asList(columns));
    keys.add(col(Cleaner.REASON));
    keys.add(when(quarantined, col(Cleaner.RAW)).as(Cleaner.RAW));
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

    Dataset<Row> bad = groups.where(quarantined);
    long quarantinedRows = longOrZero(bad.agg(sum(col(COUNT))).first(), 0);
    // every occurrence of a quarantined line, with its own source: a second read of the lines, joined
    // with the (few) quarantined distinct lines; skipped when there are none
    Dataset<Row> quarantine =
        quarantinedRows == 0
            ? lines.sparkSession().createDataFrame(List.of(), CleanTable.QUARANTINE_SCHEMA)
            : lines.join(broadcast(bad.select(col(Cleaner.RAW), col(Cleaner.REASON))), Cleaner.RAW)
                .select(col(Cleaner.RAW), col(Cleaner.REASON), col(Cleaner.SOURCE));

    Dataset<Row> versions = groups.where(not(quarantined)).select(withExtra(columns, col(COUNT), lit(false).as(EXISTING)));
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
    TableCount tableCount =
        new TableCount(
            table.tableName(), validRows + quarantinedRows, cleanRows, quarantinedRows, validRows - cleanRows, conflicts);
    Runnable release =
        () -> {
          ranked.unpersist();
          groups.unpersist();
        };
    return new Output(clean, quarantine, tableCount, release);
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
