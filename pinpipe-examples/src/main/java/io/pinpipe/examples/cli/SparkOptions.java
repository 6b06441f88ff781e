package io.pinpipe.examples.cli;

import io.pinpipe.testkit.LocalSpark;
import java.net.URI;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options shared by the commands that run Spark: where it runs and how it reaches S3. */
final class SparkOptions {
  @Option(names = "--cores", paramLabel = "N", description = "local Spark threads (default: all cores)")
  Integer cores;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3-compatible endpoint for s3a:// paths (path-style); credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the default chain")
  URI s3Endpoint;

  /** A local session with pinpipe's defaults and these options. */
  SparkSession start() {
    LocalSpark spark = LocalSpark.builder().cores(cores == null ? Runtime.getRuntime().availableProcessors() : cores);
    if (s3Endpoint != null) {
      spark.conf("spark.hadoop.fs.s3a.endpoint", s3Endpoint.toString())
          .conf("spark.hadoop.fs.s3a.path.style.access", "true")
          .conf("spark.hadoop.fs.s3a.connection.ssl.enabled", Boolean.toString("https".equals(s3Endpoint.getScheme())));
    }
    return spark.start();
  }
}
