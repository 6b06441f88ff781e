package io.pinpipe.storage;

import java.util.List;

/**
 * What the archive holds for one partition. Offsets are not records (SPEC section 3): an offset range
 * without records is not a gap when the objects' metadata accounts for it.
 *
 * @param topic the topic
 * @param partition the partition
 * @param objects data objects
 * @param records records in data objects (from {@code pinpipe-record-count})
 * @param errorRecords records in the errors area
 * @param firstOffset lowest stored offset, -1 if none
 * @param lastOffset highest stored offset ({@code pinpipe-end-offset}), -1 if none
 * @param gaps offset ranges, as {@code "from-to"}, that the metadata says were stored and no object
 *     holds now (a deleted or lost object)
 * @param overlaps offset ranges stored more than once
 * @param unaccounted offset ranges between objects that no metadata accounts for (objects written
 *     without {@code pinpipe-from-offset}): Kafka may hold no record there (markers, aborted or
 *     compacted records) or an object may be missing; the store alone cannot tell, a {@code
 *     read_committed} consumer can (what {@code verify} does). Not counted by {@link #exact()}.
 * @param problems objects whose content disagrees with their metadata (line count against {@code
 *     pinpipe-record-count})
 * @param ranges every object of both areas with its range, in start order: for callers that compare
 *     with Kafka
 */
public record PartitionCheck(String topic, int partition, int objects, long records, long errorRecords,
    long firstOffset, long lastOffset, List<String> gaps, List<String> overlaps, List<String> unaccounted,
    List<String> problems, List<StoredRange> ranges) {
  /** Copies the lists. */
  public PartitionCheck {
    gaps = List.copyOf(gaps);
    overlaps = List.copyOf(overlaps);
    unaccounted = List.copyOf(unaccounted);
    problems = List.copyOf(problems);
    ranges = List.copyOf(ranges);
  }

  /** The shape before issue 15: no unaccounted ranges, problems or ranges. */
  public PartitionCheck(String topic, int partition, int objects, long records, long errorRecords,
      long firstOffset, long lastOffset, List<String> gaps, List<String> overlaps) {
    this(topic, partition, objects, records, errorRecords, firstOffset, lastOffset, gaps, overlaps, List.of(), List.of(), List.of());
  }

  /**
   * Whether every range the metadata accounts for is stored exactly once: no gap, no overlap, no
   * object disagreeing with its metadata. {@link #unaccounted} ranges are left to a Kafka comparison.
   */
  public boolean exact() {
    return gaps.isEmpty() && overlaps.isEmpty() && problems.isEmpty();
  }
}
