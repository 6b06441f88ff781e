package io.pinpipe.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The archive read over s3a from the embedded s3proxy cleans to the same tables as from disk. */
class ArchiveOverS3aIT {
  private static EmbeddedS3 s3;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    s3 = EmbeddedS3.startWithBucket("archive-bucket");
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Test
  void s3aArchiveCleansLikeTheLocalOne() {
    SparkSession spark = LocalSpark.shared();
    LocalSpark.useS3(spark, s3);
    RawLines input = RawLines.generate(7, 1_000, 50);
    Topics topics = Topics.forPrefix("s3a");
    Path local = dir.resolve("archive");
    try (S3Client client = client()) {
      for (RecordType type : RecordType.values()) {
        List<String> lines = input.lines.get(type);
        Path file = Fixtures.writeObject(local, topics.topic(type), 0, 0, lines);
        String key = "root/" + local.relativize(file).toString().replace('\\', '/');
        client.putObject(b -> b.bucket("archive-bucket").key(key), RequestBody.fromString(String.join("\n", lines) + "\n", StandardCharsets.UTF_8));
      }
    }
    CleanReport fromS3 =
        CleanJob.builder(dir.resolve("from-s3").toString()).build().runBatch(spark, ArchiveSource.at("s3a://archive-bucket/root"));
    CleanReport fromDisk = CleanJob.builder(dir.resolve("from-disk").toString()).build().runBatch(spark, ArchiveSource.at(local.toString()));

    assertThat(fromS3.tables()).isEqualTo(fromDisk.tables());
    assertThat(fromS3.table(CleanTable.PIN).raw()).isEqualTo(input.lines.get(RecordType.PIN).size());
    for (CleanTable table : CleanTable.values()) {
      assertThat(Fixtures.rows(Fixtures.parquet(spark, dir.resolve("from-s3").resolve(table.tableName()))))
          .isEqualTo(Fixtures.rows(Fixtures.parquet(spark, dir.resolve("from-disk").resolve(table.tableName()))));
    }
    assertThat(spark.read().parquet(dir.resolve("from-s3").resolve("pin_clean_quarantine").toString()).first().getString(2))
        .startsWith("s3a://archive-bucket/root/topics/s3a.pin/partition=0/");
  }

  private static S3Client client() {
    return S3Client.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
        .httpClient(ApacheHttpClient.builder().build())
        .build();
  }
}
