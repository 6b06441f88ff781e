package io.pinpipe.storage;

import java.util.Arrays;

/**
 * One open object (data or errors) of a partition: its lines and the Kafka offset of each. Offsets
 * are increasing but need not be consecutive (transaction markers and aborted records are not
 * records), so the object's range is {@code start..end} and its size {@code count}. Not thread-safe:
 * its writer guards it.
 */
final class OpenObject {
  private static final int INITIAL_OFFSETS = 16;

  final ChunkedBytes bytes = new ChunkedBytes();
  private long[] offsets = new long[INITIAL_OFFSETS];
  int count;
  long start = -1;
  long end = -1;

  /** Adds a line (without its line break; lines never contain one) at {@code offset}. */
  void append(long offset, byte[] line) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
    }
    offsets[count++] = offset;
    if (start < 0) {
      start = offset;
    }
    end = offset;
    bytes.write(line);
    bytes.write('\n');
  }

  /** The offset of the {@code i}-th record. */
  long offset(int i) {
    return offsets[i];
  }

  /** Memory held, as the memory cap counts it. */
  long capacity() {
    return bytes.capacity() + 8L * offsets.length;
  }

  /** Drops the records a stored object already holds: those with offset {@code <= storedEnd}. */
  void dropThrough(long storedEnd) {
    int k = 0;
    while (k < count && offsets[k] <= storedEnd) {
      k++;
    }
    dropFirst(k);
  }

  /** Drops the first {@code k} records. The rare path (another writer got there first): it copies. */
  void dropFirst(int k) {
    if (k <= 0) {
      return;
    }
    if (k >= count) {
      clear();
      return;
    }
    byte[] all = bytes.toByteArray();
    int cut = 0;
    for (int i = 0; i < k; i++) {
      while (all[cut] != '\n') {
        cut++;
      }
      cut++;
    }
    bytes.reset();
    bytes.write(Arrays.copyOfRange(all, cut, all.length));
    offsets = Arrays.copyOfRange(offsets, k, Math.max(k + INITIAL_OFFSETS, offsets.length));
    count -= k;
    start = offsets[0];
  }

  /** Forgets everything. */
  void clear() {
    bytes.reset();
    offsets = new long[INITIAL_OFFSETS];
    count = 0;
    start = -1;
    end = -1;
  }
}
