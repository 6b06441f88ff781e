package io.pinpipe.storage;

/**
 * One stored record.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset its Kafka offset, or {@link #UNKNOWN_OFFSET} when the archive cannot say: an object
 *     whose records are not consecutive offsets (a transactional or compacted topic) stores its range
 *     and record count, not each record's offset, and offsets are never invented from line numbers
 * @param value the stored line (the record value), without the line break
 */
public record ArchivedRecord(String topic, int partition, long offset, byte[] value) {
  /** The offset of a record whose object does not say which offset each line has. */
  public static final long UNKNOWN_OFFSET = -1;

  /** Whether {@link #offset} is the record's real Kafka offset. */
  public boolean offsetKnown() {
    return offset >= 0;
  }
}
