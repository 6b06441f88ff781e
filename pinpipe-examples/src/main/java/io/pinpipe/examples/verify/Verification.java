package io.pinpipe.examples.verify;

import io.pinpipe.examples.console.TextTable;
import java.util.ArrayList;
import java.util.List;

/** What {@link PipelineVerifier} found: one row per partition and per table, and a verdict. */
public final class Verification {
  private final List<PartitionRow> partitions = new ArrayList<>();
  private final List<TableRow> tables = new ArrayList<>();

  /**
   * One partition: Kafka's offsets and what the archive holds of them.
   *
   * @param topic the topic
   * @param partition the partition
   * @param firstOffset Kafka's first offset
   * @param endOffset Kafka's end offset (the last stable offset, as a read_committed consumer sees it)
   * @param records records a read_committed consumer reads between the two (offsets are not records:
   *     transaction markers, aborted and compacted records are not counted)
   * @param archived records stored in the archive (data and errors area, from object metadata)
   * @param errors records stored in the errors area
   * @param problems what is wrong; empty when every record is stored exactly once
   */
  public record PartitionRow(
      String topic, int partition, long firstOffset, long endOffset, long records, long archived, long errors, List<String> problems) {}

  /**
   * One table: what the archive's records clean to (plain Java) against what the table holds.
   *
   * @param table the clean table
   * @param raw archived records read
   * @param expectedClean distinct row indexes among records that clean
   * @param clean rows in the clean table
   * @param expectedQuarantined records that break a rule
   * @param quarantined rows in the quarantine table
   */
  public record TableRow(String table, long raw, long expectedClean, long clean, long expectedQuarantined, long quarantined) {
    /** Whether the table holds exactly what the archive cleans to. */
    public boolean ok() {
      return clean == expectedClean && quarantined == expectedQuarantined;
    }
  }

  void partition(PartitionRow row) {
    partitions.add(row);
  }

  void table(TableRow row) {
    tables.add(row);
  }

  /** Whether every record is accounted for. */
  public boolean allAccounted() {
    return partitions.stream().allMatch(p -> p.problems().isEmpty()) && tables.stream().allMatch(TableRow::ok);
  }

  /** The partitions checked. */
  public List<PartitionRow> partitions() {
    return List.copyOf(partitions);
  }

  /** The tables checked. */
  public List<TableRow> tables() {
    return List.copyOf(tables);
  }

  /** Aligned text tables and the verdict line. */
  public String toText() {
    TextTable kafka = new TextTable("topic", "partition", "kafka offsets", "in kafka", "archived", "errors area", "status");
    for (PartitionRow p : partitions) {
      kafka.row(p.topic(), p.partition(), p.firstOffset() + ".." + p.endOffset(), p.records(), p.archived(), p.errors(),
          p.problems().isEmpty() ? "ok" : String.join("; ", p.problems()));
    }
    StringBuilder out = new StringBuilder(kafka.render());
    if (!tables.isEmpty()) {
      TextTable clean = new TextTable("table", "raw", "expected clean", "clean rows", "expected quarantined", "quarantined rows", "duplicates", "status");
      for (TableRow t : tables) {
        clean.row(t.table(), t.raw(), t.expectedClean(), t.clean(), t.expectedQuarantined(), t.quarantined(),
            t.raw() - t.expectedClean() - t.expectedQuarantined(), t.ok() ? "ok" : "MISMATCH");
      }
      out.append('\n').append(clean.render());
    }
    out.append('\n').append(allAccounted() ? "all accounted for: every record is in Kafka, archived exactly once"
        + (tables.isEmpty() ? "" : " and in the tables") : "DISCREPANCY: see the rows not marked ok");
    return out.append('\n').toString();
  }
}
