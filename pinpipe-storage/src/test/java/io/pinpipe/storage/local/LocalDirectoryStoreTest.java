package io.pinpipe.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.ObjectStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryStoreTest extends ObjectStoreContract {
  @TempDir Path dir;

  @Override
  protected ObjectStore store() {
    return LocalDirectoryStore.open(dir);
  }

  @Test
  void theObjectTreeHoldsOnlyObjects() throws Exception {
    LocalDirectoryStore store = LocalDirectoryStore.open(dir);
    store.create("root/topics/t/partition=0/t+0+0000000000.json", utf8("{}\n"), Map.of("pinpipe-end-offset", "0"));

    try (Stream<Path> files = Files.walk(dir.resolve("root/topics"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .containsExactly("t+0+0000000000.json");
    }
    assertThat(dir.resolve("_pinpipe_meta")).isDirectory();
  }
}
