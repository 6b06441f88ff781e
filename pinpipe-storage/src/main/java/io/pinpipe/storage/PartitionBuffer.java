package io.pinpipe.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The open data object and open errors object of one partition. Not thread-safe: its writer guards it. */
final class PartitionBuffer {
  final String topic;
  final int partition;
  final OpenObject data = new OpenObject();
  final OpenObject errors = new OpenObject();
  long firstTimestamp = -1;
  long openedAt = -1;
  long lastAppendAt = -1;

  PartitionBuffer(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  void append(long offset, long timestamp, byte[] line, long now) {
    if (data.count == 0) {
      firstTimestamp = timestamp;
      opened(now);
    }
    data.append(offset, line);
    lastAppendAt = now;
  }

  void appendError(long offset, String reason, byte[] value, long now) {
    if (errors.count == 0) {
      opened(now);
    }
    String line = "{\"offset\":" + offset + ",\"reason\":" + quote(reason) + ",\"value_base64\":"
        + (value == null ? "null" : "\"" + Base64.getEncoder().encodeToString(value) + "\"") + "}";
    errors.append(offset, line.getBytes(StandardCharsets.UTF_8));
    lastAppendAt = now;
  }

  private void opened(long now) {
    if (openedAt < 0) {
      openedAt = now;
    }
  }

  boolean isEmpty() {
    return data.count == 0 && errors.count == 0;
  }

  /** The newest offset buffered in either object, -1 if none. */
  long end() {
    return Math.max(data.end, errors.end);
  }

  /** Memory held: what the memory cap counts. */
  long bytes() {
    return data.capacity() + errors.capacity();
  }

  /** After an upload: the wall-clock rules start over once nothing is buffered. */
  void resetClockIfEmpty() {
    if (data.count == 0) {
      firstTimestamp = -1;
    }
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
