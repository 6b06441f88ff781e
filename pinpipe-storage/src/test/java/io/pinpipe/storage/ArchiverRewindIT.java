package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 item 1: a failed upload in the middle of a poll must not skip the polled records of partitions the writer holds nothing for. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ArchiverRewindIT {
  @TempDir Path dir;

  @Test
  void aFailedUploadInTheMiddleOfAPollSkipsNothingOnFreshPartitions(EmbeddedKafka kafka) throws Exception {
    String topic = "rewind.pin";
    kafka.createTopic(topic, 2);
    // everything is in Kafka before the archiver starts, so its first poll holds both partitions
    ArchiverIT.produceChecked(kafka, topic, 2, 1_000, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    FlakyStore store = new FlakyStore(LocalDirectoryStore.open(dir));
    store.failCreates.set(1); // the first upload (partition 0's 100th record, mid-poll) fails
    Archiver archiver = Archiver.builder(kafka.clientProperties(), List.of(topic), store, "rw").groupId("rewind")
        .rotation(RotationPolicy.defaults().withFlushSize(100).withIdleInterval(Duration.ofMillis(300)))
        .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
        .build().start();
    try {
      ArchiverIT.await(() -> archiver.metrics().records() >= 2_000 || (store.served.get() > 0 && archiver.metrics().lag() == 0
          && archiver.metrics().bufferedBytes() == 0 && archiver.metrics().records() > 0), "the archiver caught up");
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
    } finally {
      archiver.close();
    }
    assertThat(archiver.failure()).isNull();
    assertThat(store.served.get()).as("the fault was injected").isPositive();
    List<PartitionCheck> checks = new ArchiveReader(store.delegate, "rw").check(topic);
    assertThat(checks).as("both partitions archived").hasSize(2).allSatisfy(c -> {
      assertThat(c.exact()).as(c.toString()).isTrue();
      assertThat(c.firstOffset()).isZero();
      assertThat(c.records()).as(c.toString()).isEqualTo(1_000);
    });
  }
}
