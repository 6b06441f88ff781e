package io.pinpipe.transform;

/**
 * What one run did to one table. Every raw row is counted exactly once: {@code raw = clean +
 * quarantined + duplicates}. {@code conflicts} is the part of {@code duplicates} whose values differ
 * from the row kept.
 *
 * @param table the clean table's name
 * @param raw rows read
 * @param clean new rows written to the clean table
 * @param quarantined rows written to the quarantine table
 * @param duplicates rows whose {@code ind} was already kept (in this run or an earlier one)
 * @param conflicts duplicates whose cleaned values differ from the kept row
 */
public record TableCount(String table, long raw, long clean, long quarantined, long duplicates, long conflicts) {
  /** An empty count for a table. */
  public static TableCount zero(String table) {
    return new TableCount(table, 0, 0, 0, 0, 0);
  }

  /** Whether {@code raw = clean + quarantined + duplicates}. */
  public boolean balanced() {
    return raw == clean + quarantined + duplicates;
  }

  /** Sum of two counts of the same table. */
  public TableCount plus(TableCount other) {
    if (!table.equals(other.table)) {
      throw new IllegalArgumentException("Cannot add counts of " + table + " and " + other.table);
    }
    return new TableCount(
        table,
        raw + other.raw,
        clean + other.clean,
        quarantined + other.quarantined,
        duplicates + other.duplicates,
        conflicts + other.conflicts);
  }
}
