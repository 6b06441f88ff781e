package io.pinpipe.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conservation report of one cleaning run: a {@link TableCount} per table and the number of
 * batches (1 for a batch run, one per micro-batch otherwise).
 *
 * @param tables counts in table order (pin, geo, user)
 * @param batches micro-batches processed
 */
public record CleanReport(List<TableCount> tables, long batches) {
  /** Copies the list. */
  public CleanReport {
    tables = List.copyOf(tables);
  }

  /** A report with zero counts for every table. */
  public static CleanReport empty() {
    List<TableCount> zero = new ArrayList<>();
    for (CleanTable table : CleanTable.values()) {
      zero.add(TableCount.zero(table.tableName()));
    }
    return new CleanReport(zero, 0);
  }

  /** Whether every table balances. */
  public boolean balanced() {
    return tables.stream().allMatch(TableCount::balanced);
  }

  /** The count of one table. */
  public TableCount table(CleanTable table) {
    return tables.stream()
        .filter(count -> count.table().equals(table.tableName()))
        .findFirst()
        .orElse(TableCount.zero(table.tableName()));
  }

  /** This report plus another one (for example the next micro-batch). */
  public CleanReport plus(CleanReport other) {
    Map<String, TableCount> sum = new LinkedHashMap<>();
    for (TableCount count : tables) {
      sum.merge(count.table(), count, TableCount::plus);
    }
    for (TableCount count : other.tables) {
      sum.merge(count.table(), count, TableCount::plus);
    }
    return new CleanReport(new ArrayList<>(sum.values()), batches + other.batches);
  }

  /** An aligned text table with a verdict line, for logs and the CLI. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-11s %12s %12s %12s %12s %10s%n", "table", "raw", "clean", "quarantined", "duplicates", "conflicts"));
    for (TableCount count : tables) {
      out.append(
          String.format(
              "%-11s %,12d %,12d %,12d %,12d %,10d%s%n",
              count.table(),
              count.raw(),
              count.clean(),
              count.quarantined(),
              count.duplicates(),
              count.conflicts(),
              count.balanced() ? "" : "  UNBALANCED"));
    }
    out.append(balanced() ? "raw = clean + quarantined + duplicates for every table" : "DISCREPANCY: see UNBALANCED rows");
    return out.toString();
  }
}
