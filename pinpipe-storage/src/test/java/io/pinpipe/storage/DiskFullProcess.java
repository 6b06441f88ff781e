package io.pinpipe.storage;

import io.pinpipe.storage.local.LocalDirectoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The archiver of {@code DiskFullIT}, in a JVM whose store directory is a small tmpfs of its own mount
 * namespace: archives until the filesystem is full, reports what is stored, grows the filesystem, then
 * archives the rest. Prints {@code key=value} lines for the test. Args: bootstrap directory topic records.
 */
public final class DiskFullProcess {
  private DiskFullProcess() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    Path dir = Path.of(args[1]);
    String topic = args[2];
    long total = Long.parseLong(args[3]);
    LocalDirectoryStore store = LocalDirectoryStore.open(dir);
    Archiver archiver = Archiver.builder(Map.of("bootstrap.servers", bootstrap), List.of(topic), store, "archive")
        .groupId("disk-full").rotation(RotationPolicy.defaults().withFlushSize(100).withIdleInterval(Duration.ofMillis(200)))
        .pollTimeout(Duration.ofMillis(100)).build().start();

    long stalled = awaitStall(archiver, total);
    report("stalled", store, topic, stalled);

    Process grow = new ProcessBuilder("mount", "-o", "remount,size=64m", dir.toString()).inheritIO().start();
    if (!grow.waitFor(30, TimeUnit.SECONDS) || grow.exitValue() != 0) {
      throw new IllegalStateException("Cannot grow the test filesystem at " + dir);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (archiver.metrics().records() < total && System.nanoTime() < deadline) {
      LockSupport.parkNanos(100_000_000L);
    }
    archiver.close();
    report("final", store, topic, archiver.metrics().records());
    try (Stream<Path> temp = Files.list(dir.resolve("_pinpipe_tmp"))) {
      System.out.println("final.temp-files=" + temp.count());
    }
  }

  /** Waits until the archived count has not moved for 5 s (the disk is full), or everything is archived. */
  private static long awaitStall(Archiver archiver, long total) {
    long last = -1;
    long since = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      long now = archiver.metrics().records();
      if (now >= total) {
        return now;
      }
      if (now != last) {
        last = now;
        since = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - since > TimeUnit.SECONDS.toNanos(5)) {
        return now;
      }
      LockSupport.parkNanos(100_000_000L);
    }
    return last;
  }

  private static void report(String phase, LocalDirectoryStore store, String topic, long archived) {
    List<PartitionCheck> checks = new ArchiveReader(store, "archive").check(topic);
    System.out.println(phase + ".archived=" + archived);
    System.out.println(phase + ".stored=" + checks.stream().mapToLong(PartitionCheck::records).sum());
    System.out.println(phase + ".exact=" + checks.stream().allMatch(PartitionCheck::exact));
    System.out.println(phase + ".objects=" + store.list("archive/").size());
  }
}
