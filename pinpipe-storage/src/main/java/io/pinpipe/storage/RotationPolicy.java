package io.pinpipe.storage;

import java.time.Duration;

/**
 * When a partition's buffer becomes an object. Any condition that holds rotates it; a value of 0
 * turns that condition off. Names follow the Confluent S3 sink where the meaning is the same.
 *
 * @param flushSize records per object ({@code flush.size})
 * @param maxBytes bytes per object
 * @param rotateInterval span of record timestamps in one object ({@code rotate.interval.ms})
 * @param scheduleInterval wall-clock age of an open object ({@code rotate.schedule.interval.ms})
 * @param idleInterval wall-clock time without new records after which an open object is written, so
 *     idle partitions still flush
 */
public record RotationPolicy(
    long flushSize, long maxBytes, Duration rotateInterval, Duration scheduleInterval, Duration idleInterval) {
  /** Rejects negative values. */
  public RotationPolicy {
    if (flushSize < 0 || maxBytes < 0 || rotateInterval.isNegative() || scheduleInterval.isNegative()
        || idleInterval.isNegative()) {
      throw new IllegalArgumentException("Cannot use a negative rotation setting: " + flushSize + ", " + maxBytes + ", "
          + rotateInterval + ", " + scheduleInterval + ", " + idleInterval);
    }
    if (flushSize == 0 && maxBytes == 0 && rotateInterval.isZero() && scheduleInterval.isZero() && idleInterval.isZero()) {
      throw new IllegalArgumentException("Cannot use a rotation policy that never rotates: set at least one condition");
    }
  }

  /** 10,000 records, 64 MiB, 10 minutes open, 30 seconds idle; no record-time interval. */
  public static RotationPolicy defaults() {
    return new RotationPolicy(10_000, 64L * 1024 * 1024, Duration.ZERO, Duration.ofMinutes(10), Duration.ofSeconds(30));
  }

  /** A copy with another {@code flush.size}. */
  public RotationPolicy withFlushSize(long records) {
    return new RotationPolicy(records, maxBytes, rotateInterval, scheduleInterval, idleInterval);
  }

  /** A copy with another record-time interval. */
  public RotationPolicy withRotateInterval(Duration interval) {
    return new RotationPolicy(flushSize, maxBytes, interval, scheduleInterval, idleInterval);
  }

  /** A copy with another idle interval. */
  public RotationPolicy withIdleInterval(Duration interval) {
    return new RotationPolicy(flushSize, maxBytes, rotateInterval, scheduleInterval, interval);
  }

  /** A copy with another wall-clock interval. */
  public RotationPolicy withScheduleInterval(Duration interval) {
    return new RotationPolicy(flushSize, maxBytes, rotateInterval, interval, idleInterval);
  }
}
