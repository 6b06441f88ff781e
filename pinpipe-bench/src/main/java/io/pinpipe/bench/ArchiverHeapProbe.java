package io.pinpipe.bench;

import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.RotationPolicy;
import io.pinpipe.storage.s3.S3ObjectStore;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The memory benchmark's archiver, in a JVM of its own so that nothing else shares its heap. Archives
 * {@code records} records of one topic to S3 with objects that only the memory cap closes, while a
 * sampler forces a full GC every 200 ms and keeps the largest live heap it sees; prints {@code
 * peak-live-heap=<bytes> heap-before-start=<bytes>}, the latter measured once the S3 client is built.
 * Args: bootstrap topic records capBytes endpoint bucket; the S3 keys come from the environment
 * ({@code PINPIPE_S3_ACCESS_KEY}, {@code PINPIPE_S3_SECRET_KEY}) so they are not on the command line.
 */
final class ArchiverHeapProbe {
  static final String RESULT_PREFIX = "peak-live-heap=";
  static final String BEFORE_PREFIX = "heap-before-start=";

  private ArchiverHeapProbe() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    long records = Long.parseLong(args[2]);
    long cap = Long.parseLong(args[3]);
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        LockSupport.parkNanos(200_000_000L);
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    long before;
    try (S3ObjectStore store = S3ObjectStore.builder(args[5]).endpoint(URI.create(args[4]))
        .credentials(System.getenv("PINPIPE_S3_ACCESS_KEY"), System.getenv("PINPIPE_S3_SECRET_KEY")).build()) {
      // objects close only when the cap is reached (no size, count or time rotation)
      RotationPolicy capOnly = new RotationPolicy(0, 0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2));
      Archiver archiver = Archiver.builder(Map.of("bootstrap.servers", bootstrap), List.of(topic), store, "memory")
          .groupId("bench-memory").rotation(capOnly).memoryCap(cap).build();
      System.gc();
      before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      sampler.start();
      archiver.start();
      while (archiver.metrics().records() < records) {
        LockSupport.parkNanos(100_000_000L);
      }
      archiver.close();
    }
    sampler.interrupt();
    System.out.println(RESULT_PREFIX + peak.get() + " " + BEFORE_PREFIX + before);
  }
}
