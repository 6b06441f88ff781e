package io.pinpipe.storage;

import java.util.List;

/**
 * What the archive holds for one partition.
 *
 * @param topic the topic
 * @param partition the partition
 * @param objects data objects
 * @param records records in data objects
 * @param errorRecords records in the errors area
 * @param firstOffset lowest stored offset, -1 if none
 * @param lastOffset highest stored offset, -1 if none
 * @param gaps offset ranges stored in neither area, as {@code "from-to"}
 * @param overlaps offset ranges stored more than once
 */
public record PartitionCheck(String topic, int partition, int objects, long records, long errorRecords,
    long firstOffset, long lastOffset, List<String> gaps, List<String> overlaps) {
  /** Copies the lists. */
  public PartitionCheck {
    gaps = List.copyOf(gaps);
    overlaps = List.copyOf(overlaps);
  }

  /** Whether every offset from the first to the last is stored exactly once. */
  public boolean exact() {
    return gaps.isEmpty() && overlaps.isEmpty();
  }
}
