package io.pinpipe.examples.cli;

import io.pinpipe.transform.CleanMain;
import io.pinpipe.transform.CleanReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe clean}: the Spark cleaning job on a local session. */
@Command(
    name = "clean",
    mixinStandardHelpOptions = true,
    description = {
      "Clean an archive into pin/geo/user tables with quarantine, and print the conservation report.",
      "Exit 0 when raw = clean + quarantined + duplicates for every table, 1 otherwise."
    })
final class CleanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--input", paramLabel = "PATH", description = "archive root: a directory, s3a://bucket/root or dbfs:/mnt/...")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "where the six tables are written")
  String output;

  @Option(names = "--format", paramLabel = "parquet|delta", defaultValue = "parquet", description = "table format (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--mode", paramLabel = "batch|incremental", defaultValue = "batch", description = "batch rebuilds the tables; incremental takes only objects the checkpoint has not seen (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--checkpoint", paramLabel = "DIR", description = "incremental state (required with --mode incremental)")
  String checkpoint;

  @Option(names = "--prefix", paramLabel = "P", description = "only this pipeline's topics (default: every prefix)")
  String prefix;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "read the Kafka topics of --prefix instead of an archive")
  String bootstrap;

  @Override
  public Integer call() {
    Map<String, String> arguments = new LinkedHashMap<>();
    put(arguments, "input", input);
    put(arguments, "output", output);
    put(arguments, "format", format);
    put(arguments, "mode", mode);
    put(arguments, "checkpoint", checkpoint);
    put(arguments, "prefix", prefix);
    put(arguments, "bootstrap", bootstrap);
    UsageErrors.require(spec, input != null || bootstrap != null, "Give --input (an archive) or --bootstrap with --prefix (Kafka topics)");
    SparkSession spark = sparkOptions.start();
    try {
      CleanReport report = UsageErrors.check(spec, () -> CleanMain.run(spark, arguments));
      System.out.println(report.toText());
      return report.balanced() ? 0 : 1;
    } finally {
      spark.stop();
    }
  }

  private static void put(Map<String, String> arguments, String name, String value) {
    if (value != null) {
      arguments.put(name, value);
    }
  }
}
