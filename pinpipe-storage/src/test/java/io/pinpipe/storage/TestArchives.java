package io.pinpipe.storage;

import io.pinpipe.model.Topics;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedS3;
import java.util.function.BooleanSupplier;

/** Test helpers shared across packages: producing posts, opening the embedded store, waiting. */
public final class TestArchives {
  private TestArchives() {}

  public static void produce(EmbeddedKafka kafka, Topics topics, int from, int count) {
    ArchiverIT.produce(kafka, topics, from, count);
  }

  public static S3ObjectStore store(EmbeddedS3 s3) {
    return ArchiverIT.store(s3);
  }

  public static void await(BooleanSupplier condition, String what) {
    ArchiverIT.await(condition, what);
  }
}
