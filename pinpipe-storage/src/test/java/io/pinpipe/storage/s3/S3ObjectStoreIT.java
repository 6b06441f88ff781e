package io.pinpipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.storage.ObjectExistsException;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.ObjectStoreContract;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedS3Extension.class)
class S3ObjectStoreIT extends ObjectStoreContract {
  private static int run;
  private S3ObjectStore store;
  private final String prefix = "s3-contract-" + (++run);

  @BeforeEach
  void open(EmbeddedS3 s3) {
    store = S3ObjectStore.builder(EmbeddedS3Extension.BUCKET)
        .endpoint(s3.endpoint()).region(s3.region()).credentials(s3.accessKey(), s3.secretKey())
        .partSize(5 * 1024 * 1024).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected ObjectStore store() {
    return store;
  }

  @Override
  protected String prefix() {
    return prefix;
  }

  @Test
  void largeObjectsGoUpInPartsAndComeBackWhole() {
    byte[] big = new byte[12 * 1024 * 1024 + 17];
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = '\n';
    store.create(prefix + "/big.json", big, Map.of("pinpipe-end-offset", "41"));

    assertThat(store.get(prefix + "/big.json")).isEqualTo(big);
    assertThat(store.metadata(prefix + "/big.json")).hasValueSatisfying(m -> assertThat(m).containsEntry("pinpipe-end-offset", "41"));
  }

  @Test
  void largeObjectsAreCreatedOnlyOnce() {
    byte[] big = new byte[12 * 1024 * 1024 + 17];
    Arrays.fill(big, (byte) 'a');
    byte[] other = big.clone();
    Arrays.fill(other, (byte) 'b');
    store.create(prefix + "/big-once.json", big, Map.of("v", "1"));
    assertThatThrownBy(() -> store.create(prefix + "/big-once.json", other, Map.of("v", "2")))
        .isInstanceOf(ObjectExistsException.class);

    assertThat(store.get(prefix + "/big-once.json")).isEqualTo(big);
    assertThat(store.metadata(prefix + "/big-once.json")).hasValueSatisfying(m -> assertThat(m).containsEntry("v", "1"));
  }

  @Test
  void toStringShowsNoCredentials(EmbeddedS3 s3) {
    assertThat(store.toString()).doesNotContain(s3.secretKey()).doesNotContain(s3.accessKey());
  }
}
