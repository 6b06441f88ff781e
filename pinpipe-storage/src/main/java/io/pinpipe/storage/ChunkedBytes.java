package io.pinpipe.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A growable byte sequence kept in chunks (512 B growing to 64 KiB, each new chunk a quarter of what
 * is held), so a buffer holds little more than its content: unlike a doubling array it never keeps
 * twice what it holds, {@link #capacity()} says what it does hold, and {@link #reset()} gives the
 * memory back. Not thread-safe.
 */
final class ChunkedBytes {
  private static final int MIN_CHUNK = 512;
  private static final int MAX_CHUNK = 64 * 1024;

  private final List<byte[]> chunks = new ArrayList<>();
  private int fill;
  private long size;
  private long capacity;

  void write(byte[] bytes) {
    int from = 0;
    while (from < bytes.length) {
      byte[] last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
      if (last == null || fill == last.length) {
        int wanted = (int) Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / 4));
        last = new byte[Math.min(MAX_CHUNK, Math.max(wanted, bytes.length - from))];
        chunks.add(last);
        capacity += last.length;
        fill = 0;
      }
      int n = Math.min(last.length - fill, bytes.length - from);
      System.arraycopy(bytes, from, last, fill, n);
      fill += n;
      from += n;
      size += n;
    }
  }

  void write(int b) {
    write(new byte[] {(byte) b});
  }

  long size() {
    return size;
  }

  /** Bytes allocated: the content plus the unused end of the last chunk. */
  long capacity() {
    return capacity;
  }

  byte[] toByteArray() {
    byte[] out = new byte[Math.toIntExact(size)];
    int at = 0;
    for (int i = 0; i < chunks.size(); i++) {
      int n = i == chunks.size() - 1 ? fill : chunks.get(i).length;
      System.arraycopy(chunks.get(i), 0, out, at, n);
      at += n;
    }
    return out;
  }

  void writeTo(OutputStream out) throws IOException {
    for (int i = 0; i < chunks.size(); i++) {
      out.write(chunks.get(i), 0, i == chunks.size() - 1 ? fill : chunks.get(i).length);
    }
  }

  void reset() {
    chunks.clear();
    fill = 0;
    size = 0;
    capacity = 0;
  }
}
