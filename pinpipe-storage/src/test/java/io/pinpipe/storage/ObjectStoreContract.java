package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.model.InvalidNameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every {@link ObjectStore} must do; subclasses supply the store. */
public abstract class ObjectStoreContract {
  /** A fresh, empty store (or one with a fresh prefix given by {@link #prefix()}). */
  protected abstract ObjectStore store();

  /** A key prefix unique to this test run. */
  protected String prefix() {
    return "contract-" + getClass().getSimpleName();
  }

  @Test
  void createGetListAndMetadata() {
    ObjectStore store = store();
    String a = prefix() + "/topics/t/partition=0/t+0+0000000000.json";
    String b = prefix() + "/topics/t/partition=0/t+0+0000000010.json";
    store.create(b, utf8("{\"b\":1}\n"), Map.of("pinpipe-end-offset", "19"));
    store.create(a, utf8("{\"a\":1}\n"), Map.of("pinpipe-end-offset", "9", "pinpipe-record-count", "10"));

    assertThat(store.list(prefix() + "/topics/t/")).containsExactly(a, b);
    assertThat(store.list(prefix() + "/errors/")).isEmpty();
    assertThat(new String(store.get(a), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    assertThat(store.metadata(a)).hasValueSatisfying(m -> assertThat(m).containsEntry("pinpipe-end-offset", "9")
        .containsEntry("pinpipe-record-count", "10"));
    assertThat(store.metadata(prefix() + "/missing.json")).isEmpty();
  }

  @Test
  void createNeverReplacesAndTheFirstWriterWins() {
    ObjectStore store = store();
    String key = prefix() + "/once/x.json";
    store.create(key, utf8("first version, longer\n"), Map.of("v", "1"));
    assertThatThrownBy(() -> store.create(key, utf8("second\n"), Map.of("v", "2")))
        .isInstanceOf(ObjectExistsException.class).hasMessageContaining("once/x.json");

    assertThat(new String(store.get(key), StandardCharsets.UTF_8)).isEqualTo("first version, longer\n");
    assertThat(store.metadata(key)).hasValueSatisfying(m -> assertThat(m).containsEntry("v", "1"));
    assertThat(store.list(prefix() + "/once/")).containsExactly(key);
  }

  @Test
  void concurrentCreatesOfOneKeyHaveExactlyOneWinner() throws Exception {
    ObjectStore store = store();
    String key = prefix() + "/race/x.json";
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int writer = i;
        results.add(pool.submit(() -> {
          go.await();
          try {
            store.create(key, utf8("w" + writer + "\n"), Map.of("w", Integer.toString(writer)));
            return writer;
          } catch (ObjectExistsException e) {
            return -1;
          }
        }));
      }
      go.countDown();
      List<Integer> winners = new ArrayList<>();
      for (Future<Integer> result : results) {
        int outcome = result.get(60, TimeUnit.SECONDS);
        if (outcome >= 0) {
          winners.add(outcome);
        }
      }
      assertThat(winners).as("writers whose create returned normally").hasSize(1);
      int winner = winners.get(0);
      assertThat(new String(store.get(key), StandardCharsets.UTF_8)).isEqualTo("w" + winner + "\n");
      assertThat(store.metadata(key)).hasValueSatisfying(m -> assertThat(m).containsEntry("w", Integer.toString(winner)));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysThatTraverseOrCarryOddCharactersAreRefused() {
    ObjectStore store = store();
    for (String bad : new String[] {"../etc/passwd", "/abs/key", "a/../../b", "a//b", "a/./b", "sp ace", "nul\u0000", "new\nline"}) {
      assertThatThrownBy(() -> store.create(bad, new byte[0], Map.of())).as(bad).isInstanceOf(InvalidNameException.class)
          .hasMessageContaining("object key");
    }
  }

  @Test
  void getOfAMissingKeyIsAStorageException() {
    assertThatThrownBy(() -> store().get(prefix() + "/nothing/here.json")).isInstanceOf(StorageException.class)
        .hasMessageContaining("nothing/here.json");
  }

  protected static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
