package io.pinpipe.examples.cli;

import io.pinpipe.examples.demo.DemoOptions;
import io.pinpipe.examples.demo.DemoReport;
import io.pinpipe.examples.demo.LocalDemo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe demo}: the whole local pipeline in one process. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline locally in one process.",
      "Starts embedded Kafka and S3 and the REST gateway, emulates posts into Kafka, archives the topics",
      "to S3, cleans the archive with local Spark over s3a, runs the canned queries and reports",
      "whether anything was lost. Exit 0 when nothing was, 1 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--posts", paramLabel = "N", defaultValue = "20000", description = "posts to emulate (default: ${DEFAULT-VALUE})")
  long posts;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--prefix", paramLabel = "P", defaultValue = DemoOptions.DEFAULT_PREFIX, description = "topic prefix (default: ${DEFAULT-VALUE})")
  String prefix;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "pinpipe-demo", description = "where the clean tables and the report go; replaced on every run (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() {
    DemoOptions options = UsageErrors.check(spec, () -> new DemoOptions(posts, seed, prefix, partitions, out));
    DemoReport report = new LocalDemo(options, System.out).run();
    return report.nothingLost() ? 0 : 1;
  }
}
