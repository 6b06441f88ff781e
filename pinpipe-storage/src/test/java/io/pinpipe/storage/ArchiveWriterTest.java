package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.storage.local.LocalDirectoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {
  @TempDir Path dir;
  private LocalDirectoryStore store;
  private MutableClock clock;

  @BeforeEach
  void setUp() {
    store = LocalDirectoryStore.open(dir);
    clock = new MutableClock();
  }

  @Test
  void rotatesByRecordCountWithSpecKeysAndMetadata() {
    try (ArchiveWriter writer = writer(RotationPolicy.defaults().withFlushSize(10))) {
      for (int offset = 0; offset < 25; offset++) {
        writer.write("p.pin", 0, offset, 1000, json(offset));
      }
      assertThat(store.list("root/topics/")).containsExactly(
          "root/topics/p.pin/partition=0/p.pin+0+0000000000.json",
          "root/topics/p.pin/partition=0/p.pin+0+0000000010.json");
      assertThat(writer.uploadedPositions()).containsEntry(new TopicPartition("p.pin", 0), 20L);
    }
    assertThat(store.list("root/topics/")).hasSize(3).last().asString().endsWith("p.pin+0+0000000020.json");
    assertThat(store.metadata("root/topics/p.pin/partition=0/p.pin+0+0000000010.json").orElseThrow())
        .containsEntry("pinpipe-end-offset", "19").containsEntry("pinpipe-record-count", "10");
    assertThat(new String(store.get("root/topics/p.pin/partition=0/p.pin+0+0000000020.json"), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":20}\n{\"n\":21}\n{\"n\":22}\n{\"n\":23}\n{\"n\":24}\n");
    assertThat(new ArchiveReader(store, "root").check("p.pin")).singleElement()
        .satisfies(c -> assertThat(c.exact()).isTrue()).satisfies(c -> assertThat(c.records()).isEqualTo(25));
  }

  @Test
  void badRecordsGoToTheErrorsAreaWithReasonAndBytesAndCutTheDataObject() {
    byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
    try (ArchiveWriter writer = writer(RotationPolicy.defaults())) {
      for (int offset = 0; offset < 5; offset++) {
        writer.write("p.geo", 1, offset, 0, json(offset));
      }
      writer.write("p.geo", 1, 5, 0, notJson);
      writer.write("p.geo", 1, 6, 0, null);
      writer.write("p.geo", 1, 7, 0, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'});
      writer.write("p.geo", 1, 8, 0, "[1,2]".getBytes(StandardCharsets.UTF_8));
      for (int offset = 9; offset < 12; offset++) {
        writer.write("p.geo", 1, offset, 0, json(offset));
      }
    }
    assertThat(store.list("root/")).contains(
        "root/topics/p.geo/partition=1/p.geo+1+0000000000.json",
        "root/errors/p.geo/partition=1/p.geo+1+0000000005.json",
        "root/topics/p.geo/partition=1/p.geo+1+0000000009.json");
    String errors = new String(store.get("root/errors/p.geo/partition=1/p.geo+1+0000000005.json"), StandardCharsets.UTF_8);
    assertThat(errors.lines()).hasSize(4);
    assertThat(errors.lines().findFirst().orElseThrow())
        .isEqualTo("{\"offset\":5,\"reason\":\"invalid JSON: " + errors.lines().findFirst().orElseThrow().split("invalid JSON: ")[1]);
    assertThat(errors).contains("\"value_base64\":\"" + Base64.getEncoder().encodeToString(notJson) + "\"")
        .contains("{\"offset\":6,\"reason\":\"null value (a tombstone)\",\"value_base64\":null}")
        .contains("\"offset\":7,\"reason\":\"invalid UTF-8 at byte 6\"")
        .contains("\"offset\":8,\"reason\":\"not a JSON object\"");
    List<PartitionCheck> check = new ArchiveReader(store, "root").check("p.geo");
    assertThat(check).singleElement().satisfies(c -> {
      assertThat(c.exact()).as("every offset once across both areas").isTrue();
      assertThat(c.records()).isEqualTo(8);
      assertThat(c.errorRecords()).isEqualTo(4);
    });
  }

  @Test
  void failsOnBadRecordsWhenAskedTo() {
    try (ArchiveWriter writer = ArchiveWriter.builder(store, "root").failOnBadRecords().build()) {
      assertThatThrownBy(() -> writer.write("p.pin", 0, 3, 0, "oops".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(BadRecordException.class).hasMessageContaining("p.pin-0@3").hasMessageContaining("invalid JSON");
    }
  }

  @Test
  void valuesWithLineBreaksAreCompactedOthersKeptByteForByte() {
    try (ArchiveWriter writer = writer(RotationPolicy.defaults())) {
      writer.write("p.user", 0, 0, 0, "{\"a\": 1,\n \"b\": \"x\"}".getBytes(StandardCharsets.UTF_8));
      writer.write("p.user", 0, 1, 0, "{\"a\": 1, \"b\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(new String(store.get("root/topics/p.user/partition=0/p.user+0+0000000000.json"), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1,\"b\":\"x\"}\n{\"a\": 1, \"b\": \"caf\u00e9\"}\n");
  }

  @Test
  void idleAndScheduledPartitionsFlushOnTheWallClock() {
    RotationPolicy policy = RotationPolicy.defaults().withFlushSize(1_000_000).withIdleInterval(Duration.ofSeconds(5))
        .withScheduleInterval(Duration.ofSeconds(60));
    try (ArchiveWriter writer = writer(policy)) {
      writer.write("p.pin", 0, 0, 0, json(0));
      clock.advance(Duration.ofSeconds(4));
      writer.flushDue();
      assertThat(store.list("root/topics/")).as("not idle long enough").isEmpty();
      clock.advance(Duration.ofSeconds(1));
      writer.flushDue();
      assertThat(store.list("root/topics/")).hasSize(1);

      for (int offset = 1; offset <= 61; offset++) {
        writer.write("p.pin", 0, offset, 0, json(offset));
        clock.advance(Duration.ofSeconds(1));
        writer.flushDue();
      }
      assertThat(store.list("root/topics/")).as("a busy partition still rotates on schedule").hasSize(2);
    }
  }

  @Test
  void rotatesByRecordTimestampSpan() {
    try (ArchiveWriter writer = writer(RotationPolicy.defaults().withRotateInterval(Duration.ofMinutes(1)))) {
      writer.write("p.pin", 0, 0, 0, json(0));
      writer.write("p.pin", 0, 1, 59_999, json(1));
      writer.write("p.pin", 0, 2, 60_000, json(2));
      assertThat(store.list("root/topics/")).containsExactly("root/topics/p.pin/partition=0/p.pin+0+0000000000.json");
    }
  }

  @Test
  void aNewWriterResumesAfterTheStoredObjectsAndReplaysAreNotStoredTwice() {
    try (ArchiveWriter writer = writer(RotationPolicy.defaults().withFlushSize(10))) {
      for (int offset = 0; offset < 30; offset++) {
        writer.write("p.pin", 2, offset, 0, json(offset));
      }
      writer.write("p.pin", 2, 30, 0, "bad".getBytes(StandardCharsets.UTF_8));
    }
    try (ArchiveWriter restarted = writer(RotationPolicy.defaults().withFlushSize(10))) {
      assertThat(restarted.resumeOffset("p.pin", 2)).as("after the errors object at 30").isEqualTo(31);
      assertThat(restarted.resumeOffset("p.pin", 7)).isEqualTo(-1);
      for (int offset = 25; offset < 40; offset++) { // a consumer that replays from an older position
        restarted.write("p.pin", 2, offset, 0, json(offset));
      }
    }
    assertThat(new ArchiveReader(store, "root").check("p.pin")).singleElement().satisfies(c -> {
      assertThat(c.exact()).isTrue();
      assertThat(c.lastOffset()).isEqualTo(39);
      assertThat(c.records() + c.errorRecords()).isEqualTo(40);
    });
  }

  @Test
  void manyPartitionsStayUnderTheMemoryCap() {
    long cap = 1024 * 1024;
    long maxSeen = 0;
    try (ArchiveWriter writer = ArchiveWriter.builder(store, "root").memoryCap(cap)
        .rotation(RotationPolicy.defaults().withFlushSize(1_000_000)).clock(clock).build()) {
      byte[] value = ("{\"pad\":\"" + "x".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8);
      for (int round = 0; round < 20; round++) {
        for (int partition = 0; partition < 300; partition++) {
          writer.write("p.pin", partition, round, 0, value);
          maxSeen = Math.max(maxSeen, writer.stats().bufferedBytes());
        }
      }
      assertThat(writer.stats().objects()).as("some buffers went up early").isPositive();
    }
    assertThat(maxSeen).isLessThanOrEqualTo(cap + 600);
    List<Long> totals = new ArrayList<>();
    new ArchiveReader(store, "root").check("p.pin").forEach(c -> {
      assertThat(c.exact()).isTrue();
      totals.add(c.records());
    });
    assertThat(totals).hasSize(300).allMatch(t -> t == 20);
  }

  @Test
  void gzipObjectsReadBack() {
    try (ArchiveWriter writer = ArchiveWriter.builder(store, "root").gzip().clock(clock).build()) {
      for (int offset = 0; offset < 3; offset++) {
        writer.write("p.pin", 0, offset, 0, json(offset));
      }
    }
    assertThat(store.list("root/topics/")).containsExactly("root/topics/p.pin/partition=0/p.pin+0+0000000000.json.gz");
    List<String> values = new ArrayList<>();
    new ArchiveReader(store, "root").records("p.pin", 0, 1, 2, r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
    assertThat(values).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void aStaleWriterNeitherReplacesNorLosesTheNewOwnersObjects() {
    ZombieRace.run(store, "root");
  }

  @Test
  void offsetsThatAreNotRecordsAreNotGaps() {
    // 0,1,2 | 3 a commit marker | 4..9 | 10,11 aborted, 12 a marker | 13..19
    long[] offsets = {0, 1, 2, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19};
    try (ArchiveWriter writer = writer(RotationPolicy.defaults().withFlushSize(5))) {
      for (long o : offsets) {
        writer.write("p.pin", 0, o, 0, json((int) o));
      }
    }
    assertThat(store.list("root/topics/")).containsExactly(
        "root/topics/p.pin/partition=0/p.pin+0+0000000000.json",
        "root/topics/p.pin/partition=0/p.pin+0+0000000006.json",
        "root/topics/p.pin/partition=0/p.pin+0+0000000014.json",
        "root/topics/p.pin/partition=0/p.pin+0+0000000019.json");
    assertThat(store.metadata("root/topics/p.pin/partition=0/p.pin+0+0000000000.json").orElseThrow())
        .containsEntry("pinpipe-end-offset", "5").containsEntry("pinpipe-record-count", "5");
    assertThat(store.metadata("root/topics/p.pin/partition=0/p.pin+0+0000000006.json").orElseThrow())
        .containsEntry("pinpipe-end-offset", "13").containsEntry("pinpipe-record-count", "5");
    assertThat(new ArchiveReader(store, "root").check("p.pin")).singleElement().satisfies(c -> {
      assertThat(c.gaps()).isEmpty();
      assertThat(c.overlaps()).isEmpty();
      assertThat(c.exact()).isTrue();
      assertThat(c.records()).isEqualTo(16);
      assertThat(c.firstOffset()).isZero();
      assertThat(c.lastOffset()).isEqualTo(19);
    });
    List<String> values = new ArrayList<>();
    new ArchiveReader(store, "root").records("p.pin", 0, 0, 19, r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
    assertThat(values).hasSize(16).first().isEqualTo("{\"n\":0}");
    assertThat(values).last().isEqualTo("{\"n\":19}");
    try (ArchiveWriter restarted = writer(RotationPolicy.defaults().withFlushSize(5))) {
      assertThat(restarted.resumeOffset("p.pin", 0)).isEqualTo(20);
    }
  }

  @Test
  void aForeignObjectWithoutMetadataIsSkippedByRecordsNotByOffsets() {
    // another tool archived the records at offsets 0, 1 and 3 (2 is a transaction marker) without pinpipe metadata
    store.create("root/topics/p.pin/partition=0/p.pin+0+0000000000.json", "{\"n\":0}\n{\"n\":1}\n{\"n\":3}\n".getBytes(StandardCharsets.UTF_8),
        java.util.Map.of());
    try (ArchiveWriter writer = writer(RotationPolicy.defaults())) {
      long resume = writer.resumeOffset("p.pin", 0);
      assertThat(resume).isLessThanOrEqualTo(3);
      for (long o : new long[] {0, 1, 3, 4, 5}) {
        if (o >= resume) {
          writer.write("p.pin", 0, o, 0, json((int) o));
        }
      }
    }
    assertThat(store.list("root/topics/")).containsExactly(
        "root/topics/p.pin/partition=0/p.pin+0+0000000000.json",
        "root/topics/p.pin/partition=0/p.pin+0+0000000004.json");
    assertThat(new ArchiveReader(store, "root").check("p.pin")).singleElement().satisfies(c -> {
      assertThat(c.overlaps()).isEmpty();
      assertThat(c.records()).isEqualTo(5);
    });
  }

  @Test
  void aCreateRetriedAfterItsAnswerWasLostCountsAsDoneOnce() {
    // the first create reaches the store but its answer is lost: the retry finds the key taken by itself
    java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger(1);
    ObjectStore lossy = new ObjectStore() {
      @Override
      public void create(String key, byte[] content, java.util.Map<String, String> metadata) {
        store.create(key, content, metadata);
        if (lost.getAndDecrement() > 0) {
          throw new StorageException("Cannot put " + key + ": connection reset (injected after the write)", null);
        }
      }

      @Override
      public List<String> list(String prefix) {
        return store.list(prefix);
      }

      @Override
      public java.util.Optional<java.util.Map<String, String>> metadata(String key) {
        return store.metadata(key);
      }

      @Override
      public byte[] get(String key) {
        return store.get(key);
      }
    };
    try (ArchiveWriter writer = ArchiveWriter.builder(lossy, "root").uploadAttempts(3, Duration.ofMillis(1))
        .rotation(RotationPolicy.defaults().withFlushSize(10)).clock(clock).build()) {
      for (int offset = 0; offset < 10; offset++) {
        writer.write("p.pin", 0, offset, 0, json(offset));
      }
      assertThat(writer.stats().records()).isEqualTo(10);
      assertThat(writer.stats().objects()).isEqualTo(1);
      assertThat(writer.stats().bufferedBytes()).isZero();
      assertThat(writer.uploadedPositions()).containsEntry(new TopicPartition("p.pin", 0), 10L);
    }
    assertThat(lost.get()).as("the injected loss happened").isZero();
    assertThat(store.list("root/")).containsExactly("root/topics/p.pin/partition=0/p.pin+0+0000000000.json");
  }

  private ArchiveWriter writer(RotationPolicy policy) {
    return ArchiveWriter.builder(store, "root").rotation(policy).clock(clock).build();
  }

  private static byte[] json(int n) {
    return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
