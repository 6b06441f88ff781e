package io.pinpipe.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The open object (and open errors object) of one partition. Not thread-safe: its writer guards it. */
final class PartitionBuffer {
  final String topic;
  final int partition;
  final ChunkedBytes data = new ChunkedBytes();
  long dataStart = -1;
  long dataEnd = -1;
  int dataCount;
  long firstTimestamp = -1;
  long openedAt = -1;
  long lastAppendAt = -1;
  final ChunkedBytes errors = new ChunkedBytes();
  long errorStart = -1;
  long errorEnd = -1;
  int errorCount;

  PartitionBuffer(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  void append(long offset, long timestamp, byte[] line, long now) {
    if (dataStart < 0) {
      dataStart = offset;
      firstTimestamp = timestamp;
      opened(now);
    }
    data.write(line);
    data.write('\n');
    dataEnd = offset;
    dataCount++;
    lastAppendAt = now;
  }

  void appendError(long offset, String reason, byte[] value, long now) {
    if (errorStart < 0) {
      errorStart = offset;
      opened(now);
    }
    String line = "{\"offset\":" + offset + ",\"reason\":" + quote(reason) + ",\"value_base64\":"
        + (value == null ? "null" : "\"" + Base64.getEncoder().encodeToString(value) + "\"") + "}\n";
    errors.write(line.getBytes(StandardCharsets.UTF_8));
    errorEnd = offset;
    errorCount++;
    lastAppendAt = now;
  }

  private void opened(long now) {
    if (openedAt < 0) {
      openedAt = now;
    }
  }

  boolean isEmpty() {
    return dataCount == 0 && errorCount == 0;
  }

  /** Memory held: what the memory cap counts. */
  long bytes() {
    return data.capacity() + errors.capacity();
  }

  void clearData() {
    data.reset();
    dataStart = -1;
    dataEnd = -1;
    dataCount = 0;
    firstTimestamp = -1;
    resetClock();
  }

  void clearErrors() {
    errors.reset();
    errorStart = -1;
    errorEnd = -1;
    errorCount = 0;
    resetClock();
  }

  private void resetClock() {
    if (isEmpty()) {
      openedAt = -1;
      lastAppendAt = -1;
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
