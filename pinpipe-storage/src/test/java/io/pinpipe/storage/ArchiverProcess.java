package io.pinpipe.storage;

import io.pinpipe.storage.s3.S3ObjectStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An archiver in its own JVM, for crash tests: runs until killed.
 * Args: bootstrap endpoint accessKey secretKey bucket root topic count|time|memory
 */
public final class ArchiverProcess {
  private ArchiverProcess() {}

  public static void main(String[] args) {
    S3ObjectStore store = S3ObjectStore.builder(args[4]).endpoint(URI.create(args[1])).credentials(args[2], args[3]).build();
    RotationPolicy rotation = switch (args[7]) {
      case "time" -> new RotationPolicy(0, 0, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(300));
      // objects would grow without bound but for the memory cap (64 MiB, the default)
      case "memory" -> new RotationPolicy(0, 0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2));
      default -> RotationPolicy.defaults().withFlushSize(2_000).withIdleInterval(Duration.ofMillis(500));
    };
    // a killed member leaves the group only when its session times out: keep that short (broker minimum)
    Map<String, Object> kafka = Map.of("bootstrap.servers", args[0], "session.timeout.ms", 6000, "heartbeat.interval.ms", 1000);
    Archiver.builder(kafka, List.of(args[6]), store, args[5])
        .groupId("crash-" + args[5]).rotation(rotation).build().run();
  }
}
