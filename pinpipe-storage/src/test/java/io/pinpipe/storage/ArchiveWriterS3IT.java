package io.pinpipe.storage;

import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The writer against s3proxy: what needs S3's own conditional create. */
@ExtendWith(EmbeddedS3Extension.class)
class ArchiveWriterS3IT {
  @Test
  void aStaleWriterNeitherReplacesNorLosesTheNewOwnersObjects(EmbeddedS3 s3) {
    try (S3ObjectStore store = TestArchives.store(s3)) {
      ZombieRace.run(store, "zombie-s3");
    }
  }
}
