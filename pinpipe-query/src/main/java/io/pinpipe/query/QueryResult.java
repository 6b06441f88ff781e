package io.pinpipe.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A collected query answer, usable without Spark: the query, its columns and its rows of plain Java
 * values (strings, numbers, null).
 *
 * @param query which query
 * @param columns column names in order
 * @param rows the rows
 */
public record QueryResult(CannedQuery query, List<String> columns, List<List<Object>> rows) {
  /** Copies the lists (rows may hold nulls). */
  public QueryResult {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** Collects a (small) result dataset. */
  public static QueryResult collect(CannedQuery query, Dataset<Row> result) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : result.collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(row.get(i));
      }
      rows.add(values);
    }
    return new QueryResult(query, List.of(result.columns()), rows);
  }

  /** Renders the rows in a format. */
  public String render(ResultFormat format) {
    return format.render(columns, rows);
  }
}
