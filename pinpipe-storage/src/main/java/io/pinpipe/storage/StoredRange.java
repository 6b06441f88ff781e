package io.pinpipe.storage;

/**
 * One stored object and the offsets it accounts for, from its metadata (SPEC section 3). Offsets are
 * not records: {@code start..end} may hold fewer than {@code end - start + 1} records (transaction
 * markers, aborted or compacted records are absent), and offsets from {@code from} to {@code start - 1}
 * are not records either (the writer knew the object before ends at {@code from - 1}).
 *
 * @param key the object
 * @param from the first offset the object accounts for ({@code pinpipe-from-offset}); -1 when the
 *     object does not say (written before that key existed, or by another tool)
 * @param start the offset of its first record (from the key)
 * @param end the offset of its last record ({@code pinpipe-end-offset}); for an object without metadata
 *     {@code start + lines - 1}, a guess that is right only when its records are consecutive offsets
 * @param count the records it holds ({@code pinpipe-record-count}, or its lines without metadata)
 * @param fromMetadata whether {@code end} and {@code count} come from pinpipe metadata
 */
public record StoredRange(ObjectKey key, long from, long start, long end, long count, boolean fromMetadata) {
  /** Whether the object's records are exactly the consecutive offsets {@code start..end}, so line i is offset start + i. */
  public boolean gapFree() {
    return fromMetadata && count == end - start + 1;
  }

  /** Whether the object says where its predecessor ended ({@code pinpipe-from-offset}). */
  public boolean knowsPredecessor() {
    return from >= 0 && from <= start;
  }
}
