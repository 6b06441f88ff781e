package io.pinpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

@ExtendWith(EmbeddedS3Extension.class)
class EmbeddedS3IT {
  @Test
  void putListGetDeleteAThousandObjectsWithTheSdk(EmbeddedS3 s3) {
    String bucket = EmbeddedS3Extension.BUCKET;
    try (S3Client client = client(s3, s3.secretKey())) {
      for (int i = 0; i < 1_000; i++) {
        String key = "thousand/obj-" + i;
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("body-" + i));
      }

      List<S3Object> listed = new ArrayList<>();
      client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix("thousand/").build())
          .contents()
          .forEach(listed::add);
      assertThat(listed).hasSize(1_000);

      for (int i = 0; i < 1_000; i += 37) {
        int n = i;
        assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("thousand/obj-" + n)).asUtf8String())
            .isEqualTo("body-" + i);
      }

      for (S3Object object : listed) {
        client.deleteObject(b -> b.bucket(bucket).key(object.key()));
      }
      assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("thousand/")).contents()).isEmpty();
      assertThatThrownBy(() -> client.getObject(b -> b.bucket(bucket).key("thousand/obj-1")))
          .isInstanceOf(NoSuchKeyException.class);
    }
  }

  @Test
  void rejectsAWrongSecret(EmbeddedS3 s3) {
    try (S3Client client = client(s3, "not-the-secret")) {
      assertThatThrownBy(() -> client.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET)))
          .isInstanceOf(S3Exception.class);
    }
  }

  @Test
  void filesystemStoreKeepsObjectsAsFiles(@TempDir Path dir) throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.builder().directory(dir).bucket("files").start();
        S3Client client = client(s3, s3.secretKey())) {
      client.putObject(b -> b.bucket("files").key("a/b.json"), RequestBody.fromString("{}\n"));

      assertThat(Files.readString(dir.resolve("files/a/b.json"), StandardCharsets.UTF_8)).isEqualTo("{}\n");
    }
  }

  @Test
  void neverShowsTheSecretAndValidatesBucketNames(EmbeddedS3 s3) {
    assertThat(s3.toString()).doesNotContain(s3.secretKey()).contains("****");
    assertThatThrownBy(() -> s3.createBucket("../etc")).hasMessageContaining("'../etc'");
    assertThatThrownBy(() -> s3.createBucket("UPPER")).hasMessageContaining("[a-z0-9.-]");
    assertThat(s3.s3aProperties()).containsEntry("fs.s3a.path.style.access", "true");
  }

  static S3Client client(EmbeddedS3 s3, String secret) {
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }
}
