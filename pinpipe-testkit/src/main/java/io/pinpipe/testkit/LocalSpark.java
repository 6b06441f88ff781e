package io.pinpipe.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * A local Spark session for tests and demos, set up the way pinpipe's jobs expect: loopback
 * driver, no UI, few shuffle partitions, Delta's extension when Delta is on the classpath, and
 * optionally S3A pointed at an {@link EmbeddedS3}. Spark keeps one active session per JVM, so
 * {@link #shared()} hands out the same one to every caller.
 */
public final class LocalSpark {
  private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  private static SparkSession shared;

  private final Map<String, String> conf = new LinkedHashMap<>();
  private int cores = 2;

  private LocalSpark() {
    conf.put("spark.app.name", "pinpipe-local");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.shuffle.partitions", "8");
    conf.put("spark.sql.adaptive.enabled", "true");
    conf.put("spark.hadoop.fs.s3a.impl.disable.cache", "true");
    // timestamps come back as java.time.Instant (proleptic Gregorian, like Spark itself)
    conf.put("spark.sql.datetime.java8API.enabled", "true");
    if (onClasspath(DELTA_EXTENSION)) {
      conf.put("spark.sql.extensions", DELTA_EXTENSION);
      conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    }
  }

  /** A builder with pinpipe's defaults. */
  public static LocalSpark builder() {
    return new LocalSpark();
  }

  /** One session per JVM with the defaults, stopped when the JVM exits. */
  public static synchronized SparkSession shared() {
    if (shared == null) {
      shared = builder().start();
      SparkSession session = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "pinpipe-spark-stop"));
    }
    return shared;
  }

  /** Points S3A of a running session at an embedded S3 server. */
  public static void useS3(SparkSession spark, EmbeddedS3 s3) {
    s3.s3aProperties().forEach(spark.sparkContext().hadoopConfiguration()::set);
    spark.sparkContext().hadoopConfiguration().set("fs.s3a.impl.disable.cache", "true");
  }

  /** Local threads ({@code local[n]}); 2 by default. */
  public LocalSpark cores(int cores) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be at least 1, got " + cores);
    }
    this.cores = cores;
    return this;
  }

  /** Any Spark setting. */
  public LocalSpark conf(String key, String value) {
    conf.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** S3A settings that reach an embedded S3 server. */
  public LocalSpark s3(EmbeddedS3 s3) {
    s3.s3aProperties().forEach((key, value) -> conf.put("spark.hadoop." + key, value));
    return this;
  }

  /** Starts (or returns Spark's active) session with these settings. */
  public SparkSession start() {
    SparkSession.Builder builder = SparkSession.builder().master("local[" + cores + "]");
    conf.forEach(builder::config);
    return builder.getOrCreate();
  }

  private static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, LocalSpark.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
