package io.pinpipe.transform;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.model.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cleaning job as a Spark application: a Databricks JAR task or {@code spark-submit} main. It
 * uses the cluster's session (no master, no local paths assumed). Arguments, each also readable
 * from the Spark conf as {@code spark.pinpipe.<name>}:
 *
 * <pre>
 * --input PATH          archive root (s3a://bucket/root, dbfs:/mnt/archive, /local/dir)
 * --output PATH         where the six tables go
 * --format parquet|delta                 (default parquet)
 * --mode batch|incremental               (default batch; incremental needs --checkpoint)
 * --checkpoint PATH     incremental state
 * --prefix P            only this pipeline's topics (default: every prefix)
 * --bootstrap HOST:PORT read Kafka topics of --prefix instead of the archive (incremental)
 * </pre>
 *
 * Fails (throws) when a table does not balance, so the scheduler marks the run failed.
 */
public final class CleanMain {
  private static final Logger LOG = LoggerFactory.getLogger(CleanMain.class);
  private static final List<String> NAMES = List.of("input", "output", "format", "mode", "checkpoint", "prefix", "bootstrap");

  private CleanMain() {}

  /** Runs the job on the active (or a new) Spark session. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("pinpipe-clean").getOrCreate();
    CleanReport report = run(spark, arguments(spark, args));
    System.out.println(report.toText());
    if (!report.balanced()) {
      throw new PinpipeException("Cleaning lost track of rows:\n" + report.toText());
    }
  }

  /** Runs the job described by parsed arguments (see {@link #arguments}). */
  public static CleanReport run(SparkSession spark, Map<String, String> arguments) {
    String output = required(arguments, "output");
    CleanJob job = CleanJob.builder(output).format(TableFormat.parse(arguments.getOrDefault("format", "parquet"))).build();
    String prefix = arguments.getOrDefault("prefix", "*");
    LineSource source;
    if (arguments.containsKey("bootstrap")) {
      if (prefix.equals("*")) {
        throw new IllegalArgumentException("--bootstrap needs --prefix: the topics to read are <prefix>.pin/.geo/.user");
      }
      source = KafkaSource.of(arguments.get("bootstrap"), Topics.forPrefix(prefix), Map.of());
    } else {
      source = new ArchiveSource(required(arguments, "input"), prefix, 1_000);
    }
    String mode = arguments.getOrDefault("mode", "batch");
    LOG.info("Cleaning {} into {} ({} mode, {})", source.describe(), output, mode, job.format());
    return switch (mode) {
      case "batch" -> job.runBatch(spark, source);
      case "incremental" -> job.runIncremental(spark, source, required(arguments, "checkpoint"));
      default -> throw new IllegalArgumentException("Unknown mode '" + mode + "': expected batch or incremental");
    };
  }

  /** Arguments from {@code --name value} pairs, then from {@code spark.pinpipe.<name>} settings. */
  public static Map<String, String> arguments(SparkSession spark, String[] args) {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (String name : NAMES) {
      spark.conf().getOption("spark.pinpipe." + name).foreach(value -> arguments.put(name, value));
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || !NAMES.contains(arg.substring(2))) {
        throw new IllegalArgumentException("Unknown argument '" + arg + "': expected one of --" + String.join(", --", NAMES));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Argument " + arg + " needs a value");
      }
      arguments.put(arg.substring(2), args[++i]);
    }
    return arguments;
  }

  private static String required(Map<String, String> arguments, String name) {
    String value = arguments.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing --" + name + " (or spark.pinpipe." + name + ")");
    }
    return value;
  }
}
