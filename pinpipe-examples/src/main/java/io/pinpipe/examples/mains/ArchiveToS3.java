package io.pinpipe.examples.mains;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.Topics;
import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.s3.S3ObjectStore;
import java.util.concurrent.CountDownLatch;

/**
 * Archives a pipeline's three topics to S3 exactly once until Ctrl-C (S3 credentials and region from
 * the default AWS chain). Args: {@code BOOTSTRAP PREFIX BUCKET [ROOT]}.
 */
public final class ArchiveToS3 {
  private ArchiveToS3() {}

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3) {
      System.err.println("usage: ArchiveToS3 BOOTSTRAP PREFIX BUCKET [ROOT]");
      System.exit(2);
    }
    S3ObjectStore store = S3ObjectStore.builder(args[2]).build();
    Archiver archiver =
        Archiver.builder(ClientProperties.plaintext(args[0]).asMap(), Topics.forPrefix(args[1]).all(), store, args.length > 3 ? args[3] : "")
            .build()
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      archiver.close();
      store.close();
      stopped.countDown();
    }));
    System.out.println("archiving (Ctrl-C stops after the open objects are flushed)");
    stopped.await();
  }
}
