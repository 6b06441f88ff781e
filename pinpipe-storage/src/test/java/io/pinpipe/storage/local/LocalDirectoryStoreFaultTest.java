package io.pinpipe.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unwritable local store (a file where a directory must be, which stops root too): a clear error
 * naming the key and the directory, and no partial object or temporary file left visible.
 */
class LocalDirectoryStoreFaultTest {
  @Test
  void aStoreRootThatIsAFileIsRefusedWithItsPath(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    assertThatThrownBy(() -> LocalDirectoryStore.open(file.resolve("archive")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(file.resolve("archive").toString());
  }

  @Test
  void aPutThatCannotWriteFailsClearlyAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
    LocalDirectoryStore store = LocalDirectoryStore.open(dir);
    store.create("archive/topics/t.pin/partition=0/t.pin+0+0000000000.json", "{\"index\":1}\n".getBytes(), Map.of("pinpipe-end-offset", "0"));
    // the partition directory of the next object is blocked by a file
    Files.writeString(dir.resolve("archive/topics/t.pin/partition=1"), "blocked");

    assertThatThrownBy(() -> store.create("archive/topics/t.pin/partition=1/t.pin+1+0000000000.json", "{\"index\":2}\n".getBytes(), Map.of()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("archive/topics/t.pin/partition=1/t.pin+1+0000000000.json")
        .hasMessageContaining(dir.toString());

    assertThat(store.list("archive/topics/t.pin/")).doesNotContain("archive/topics/t.pin/partition=1/t.pin+1+0000000000.json");
    assertThat(store.metadata("archive/topics/t.pin/partition=1/t.pin+1+0000000000.json")).isEmpty();
    try (Stream<Path> temp = Files.list(dir.resolve("_pinpipe_tmp"))) {
      assertThat(temp).as("no temporary file left").isEmpty();
    }
    assertThat(store.get("archive/topics/t.pin/partition=0/t.pin+0+0000000000.json")).isEqualTo("{\"index\":1}\n".getBytes());
  }
}
