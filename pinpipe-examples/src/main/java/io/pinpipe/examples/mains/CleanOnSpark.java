package io.pinpipe.examples.mains;

import io.pinpipe.transform.ArchiveSource;
import io.pinpipe.transform.CleanJob;
import io.pinpipe.transform.CleanReport;
import org.apache.spark.sql.SparkSession;

/**
 * Cleans an archive into the six tables with Spark (master from spark-submit, or local[*]). Args:
 * {@code ARCHIVE_ROOT OUTPUT_DIR}; either may be {@code s3a://...}.
 */
public final class CleanOnSpark {
  private CleanOnSpark() {}

  /** Entry point. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: CleanOnSpark ARCHIVE_ROOT OUTPUT_DIR");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("pinpipe-clean").master(System.getProperty("spark.master", "local[*]")).getOrCreate();
    try {
      CleanReport report = CleanJob.builder(args[1]).build().runBatch(spark, ArchiveSource.at(args[0]));
      System.out.println(report.toText());
    } finally {
      spark.stop();
    }
  }
}
