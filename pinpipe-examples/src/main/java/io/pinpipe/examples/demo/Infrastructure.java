package io.pinpipe.examples.demo;

import io.pinpipe.storage.Keys;
import java.net.URI;
import java.nio.file.Path;

/**
 * Which parts of the demo run against real infrastructure instead of the embedded servers. Every
 * field is optional (null or false): the embedded broker, the embedded S3 server and {@code
 * <out>/tables} are used for what is not given.
 *
 * @param bootstrap an existing Kafka cluster's bootstrap servers
 * @param mskIam authenticate to that cluster with MSK IAM (credentials from the AWS default chain)
 * @param awsProfile with {@code mskIam}: the AWS profile to use
 * @param s3 an existing archive location {@code s3://bucket[/root]} (credentials from the default chain)
 * @param s3Endpoint an S3-compatible endpoint for {@code s3} (path-style)
 * @param tables where the clean tables go (any Hadoop path, for example {@code s3a://bucket/tables})
 */
public record Infrastructure(String bootstrap, boolean mskIam, String awsProfile, URI s3, URI s3Endpoint, String tables) {
  /** Checks the combination, naming the bad value. */
  public Infrastructure {
    if (mskIam && bootstrap == null) {
      throw new IllegalArgumentException("--msk-iam needs --bootstrap (the MSK cluster's brokers)");
    }
    if (awsProfile != null && !mskIam) {
      throw new IllegalArgumentException("--aws-profile '" + awsProfile + "' only applies with --msk-iam");
    }
    if (s3 != null) {
      if (!"s3".equals(s3.getScheme()) || s3.getHost() == null) {
        throw new IllegalArgumentException("Invalid --s3 '" + s3 + "': expected s3://bucket[/root]");
      }
      Keys.checkRoot(root(s3));
    }
    if (s3Endpoint != null && s3 == null) {
      throw new IllegalArgumentException("--s3-endpoint needs --s3 (the embedded S3 server has its own endpoint)");
    }
  }

  /** Everything embedded. */
  public static Infrastructure embedded() {
    return new Infrastructure(null, false, null, null, null, null);
  }

  /** The archive root inside the bucket of {@code s3} (no leading or trailing slash). */
  static String root(URI s3) {
    String path = s3.getPath() == null ? "" : s3.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  /** Where the tables go for an output directory. */
  String tablesOr(Path out) {
    return tables != null ? tables : out.resolve("tables").toString();
  }
}
