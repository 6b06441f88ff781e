package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Slow S3 responses and a multipart upload failing half-way, through a fault-injecting proxy in front of s3proxy. */
@ExtendWith(EmbeddedS3Extension.class)
class S3FaultsIT {
  private static final int PART = 5 * 1024 * 1024;

  @Test
  void slowResponsesDelayButChangeNothing(EmbeddedS3 s3) throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(s3.endpoint().getPort()); S3ObjectStore store = store(s3, proxy)) {
      byte[] content = "{\"index\":1}\n".repeat(5_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      proxy.slow(Duration.ofMillis(50), Duration.ofSeconds(30));
      long start = System.nanoTime();
      store.create("slow/a.json", content, Map.of("pinpipe-end-offset", "4999"));
      assertThat(store.get("slow/a.json")).isEqualTo(content);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the delay was really injected").isGreaterThan(Duration.ofMillis(100));
      assertThat(store.metadata("slow/a.json")).hasValueSatisfying(m -> assertThat(m).containsEntry("pinpipe-end-offset", "4999"));
    }
  }

  @Test
  void aMultipartUploadInterruptedHalfWayEndsWholeOrNotAtAll(EmbeddedS3 s3) throws Exception {
    byte[] big = new byte[2 * PART + 1234];
    Arrays.fill(big, (byte) 'y');
    try (FaultyProxy proxy = new FaultyProxy(s3.endpoint().getPort());
        S3ObjectStore store = store(s3, proxy);
        S3ObjectStore direct = S3ObjectStore.builder(EmbeddedS3Extension.BUCKET).endpoint(s3.endpoint()).region(s3.region())
            .credentials(s3.accessKey(), s3.secretKey()).build()) {
      // a short burst after the first part: the SDK retries the part, the object ends whole
      Thread burst = faultAfter(proxy, PART + PART / 2, Duration.ofMillis(1_500));
      store.create("multipart/retried.json", big, Map.of("pinpipe-end-offset", "1"));
      burst.join();
      assertThat(proxy.faultsServed()).as("faults were really injected").isPositive();
      assertThat(direct.get("multipart/retried.json")).isEqualTo(big);

      // a failure that outlasts the retries: the put fails with a clear error and nothing is visible
      long before = proxy.forwardedToTarget();
      Thread outage = faultAfter(proxy, before + PART + PART / 2, Duration.ofMinutes(5));
      assertThatThrownBy(() -> store.create("multipart/failed.json", big, Map.of()))
          .hasMessageContaining("multipart/failed.json");
      outage.join();
      assertThat(direct.metadata("multipart/failed.json")).as("no partial object").isEmpty();
    }
  }

  /** Starts a thread that makes the proxy fail for {@code duration} once {@code bytes} have gone through it. */
  private static Thread faultAfter(FaultyProxy proxy, long bytes, Duration duration) {
    Thread thread = new Thread(() -> {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (proxy.forwardedToTarget() < bytes && System.nanoTime() < deadline) {
        LockSupport.parkNanos(1_000_000L);
      }
      proxy.fail(500, duration);
    }, "fault-trigger");
    thread.start();
    return thread;
  }

  private static S3ObjectStore store(EmbeddedS3 s3, FaultyProxy proxy) {
    return S3ObjectStore.builder(EmbeddedS3Extension.BUCKET).endpoint(proxy.uri()).region(s3.region())
        .credentials(s3.accessKey(), s3.secretKey()).partSize(PART).build();
  }
}
