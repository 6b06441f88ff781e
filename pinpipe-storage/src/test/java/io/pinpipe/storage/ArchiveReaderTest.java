package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.local.LocalDirectoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offsets are not records (SPEC section 3): ranges from metadata, gaps only where an object is missing. */
class ArchiveReaderTest {
  private static final String PREFIX = "root/topics/t.pin/partition=0/t.pin+0+";
  @TempDir Path dir;
  private LocalDirectoryStore store;

  @BeforeEach
  void setUp() {
    store = LocalDirectoryStore.open(dir);
  }

  @Test
  void markersBetweenObjectsAreNotGapsButADeletedObjectIs() throws Exception {
    try (ArchiveWriter writer = ArchiveWriter.builder(store, "root").build()) {
      // three transactions, each followed by its commit marker (5, 10, 15), one object each
      for (long[] txn : new long[][] {{0, 4}, {6, 9}, {11, 14}}) {
        for (long o = txn[0]; o <= txn[1]; o++) {
          writer.write("t.pin", 0, o, 0, ZombieRace.json((int) o));
        }
        writer.flushAll();
      }
    }
    assertThat(store.metadata(PREFIX + "0000000006.json").orElseThrow()).containsEntry("pinpipe-from-offset", "5");
    PartitionCheck intact = new ArchiveReader(store, "root").check("t.pin").get(0);
    assertThat(intact.exact()).as(intact.toString()).isTrue();
    assertThat(intact.gaps()).isEmpty();
    assertThat(intact.unaccounted()).isEmpty();
    assertThat(intact.records()).isEqualTo(13);
    assertThat(intact.lastOffset()).isEqualTo(14);
    assertThat(intact.ranges()).extracting(StoredRange::start).containsExactly(0L, 6L, 11L);

    Files.delete(dir.resolve(PREFIX + "0000000006.json"));
    PartitionCheck broken = new ArchiveReader(store, "root").check("t.pin").get(0);
    assertThat(broken.exact()).isFalse();
    assertThat(broken.gaps()).containsExactly("5-9");
  }

  @Test
  void rangesWithoutFromOffsetAreLeftToTheCallerNotCalledGaps() {
    store.create(PREFIX + "0000000000.json", lines(0, 1, 2, 3, 4), Map.of("pinpipe-end-offset", "4", "pinpipe-record-count", "5"));
    store.create(PREFIX + "0000000006.json", lines(6, 7, 9), Map.of("pinpipe-end-offset", "9", "pinpipe-record-count", "3"));
    PartitionCheck check = new ArchiveReader(store, "root").check("t.pin").get(0);
    assertThat(check.exact()).isTrue();
    assertThat(check.unaccounted()).containsExactly("5-5");
    assertThat(check.records()).isEqualTo(8);
    assertThat(check.lastOffset()).isEqualTo(9);
  }

  @Test
  void anObjectDisagreeingWithItsMetadataIsAProblem() {
    store.create(PREFIX + "0000000000.json", lines(0, 1), Map.of("pinpipe-end-offset", "2", "pinpipe-record-count", "3"));
    PartitionCheck check = new ArchiveReader(store, "root").check("t.pin").get(0);
    assertThat(check.exact()).isFalse();
    assertThat(check.problems()).singleElement().asString().contains("2 lines, metadata says 3");
  }

  @Test
  void recordsNeverInventOffsets() {
    store.create(PREFIX + "0000000000.json", lines(0, 1, 2), Map.of("pinpipe-end-offset", "2", "pinpipe-record-count", "3"));
    store.create(PREFIX + "0000000004.json", lines(4, 6), Map.of("pinpipe-end-offset", "6", "pinpipe-record-count", "2"));
    List<ArchivedRecord> records = new ArrayList<>();
    new ArchiveReader(store, "root").records("t.pin", 0, records::add);
    assertThat(records).extracting(ArchivedRecord::offset).containsExactly(0L, 1L, 2L, -1L, -1L);
    assertThat(records.get(4).offsetKnown()).isFalse();
    assertThat(new String(records.get(4).value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":6}");
    List<ArchivedRecord> some = new ArrayList<>();
    new ArchiveReader(store, "root").records("t.pin", 0, 1, 1, some::add);
    assertThat(some).extracting(ArchivedRecord::offset).containsExactly(1L);
  }

  private static byte[] lines(int... values) {
    StringBuilder out = new StringBuilder();
    for (int v : values) {
      out.append("{\"n\":").append(v).append("}\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
