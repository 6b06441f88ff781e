package io.pinpipe.query;

import io.pinpipe.transform.CleanTable;
import io.pinpipe.transform.TableFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the clean tables visible to the canned queries as the temporary views {@code pin_clean},
 * {@code geo_clean} and {@code user_clean}, from the output directory of a clean job or from catalog
 * tables.
 */
public final class CleanTables {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private CleanTables() {}

  /** Registers {@code <dir>/pin_clean} ... as views; {@code dir} is any Hadoop path. */
  public static void registerPaths(SparkSession spark, String dir, TableFormat format) {
    Objects.requireNonNull(dir, "dir");
    String base = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    for (CleanTable table : CleanTable.values()) {
      String path = base + "/" + table.tableName();
      Dataset<Row> rows =
          format == TableFormat.DELTA
              ? spark.read().format("delta").load(path)
              : spark.read().schema(table.schema()).parquet(path);
      rows.createOrReplaceTempView(table.tableName());
    }
  }

  /** Registers views over catalog tables {@code <database>.pin_clean} ... (Unity Catalog: {@code catalog.schema}). */
  public static void registerCatalog(SparkSession spark, String database) {
    if (!IDENTIFIER.matcher(database).matches()) {
      throw new IllegalArgumentException("Invalid database name '" + database + "': expected name or catalog.name");
    }
    for (CleanTable table : CleanTable.values()) {
      spark.table(database + "." + table.tableName()).createOrReplaceTempView(table.tableName());
    }
  }
}
