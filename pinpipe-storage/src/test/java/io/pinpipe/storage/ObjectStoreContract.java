package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.model.InvalidNameException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
  void putGetListAndMetadata() {
    ObjectStore store = store();
    String a = prefix() + "/topics/t/partition=0/t+0+0000000000.json";
    String b = prefix() + "/topics/t/partition=0/t+0+0000000010.json";
    store.put(b, utf8("{\"b\":1}\n"), Map.of("pinpipe-end-offset", "19"));
    store.put(a, utf8("{\"a\":1}\n"), Map.of("pinpipe-end-offset", "9", "pinpipe-record-count", "10"));

    assertThat(store.list(prefix() + "/topics/t/")).containsExactly(a, b);
    assertThat(store.list(prefix() + "/errors/")).isEmpty();
    assertThat(new String(store.get(a), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    assertThat(store.metadata(a)).hasValueSatisfying(m -> assertThat(m).containsEntry("pinpipe-end-offset", "9")
        .containsEntry("pinpipe-record-count", "10"));
    assertThat(store.metadata(prefix() + "/missing.json")).isEmpty();
  }

  @Test
  void putReplacesWholly() {
    ObjectStore store = store();
    String key = prefix() + "/replace/x.json";
    store.put(key, utf8("first version, longer\n"), Map.of("v", "1"));
    store.put(key, utf8("second\n"), Map.of("v", "2"));

    assertThat(new String(store.get(key), StandardCharsets.UTF_8)).isEqualTo("second\n");
    assertThat(store.metadata(key)).hasValueSatisfying(m -> assertThat(m).containsEntry("v", "2"));
    assertThat(store.list(prefix() + "/replace/")).containsExactly(key);
  }

  @Test
  void keysThatTraverseOrCarryOddCharactersAreRefused() {
    ObjectStore store = store();
    for (String bad : new String[] {"../etc/passwd", "/abs/key", "a/../../b", "a//b", "a/./b", "sp ace", "nul\u0000", "new\nline"}) {
      assertThatThrownBy(() -> store.put(bad, new byte[0], Map.of())).as(bad).isInstanceOf(InvalidNameException.class)
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
