package io.pinpipe.examples.cli;

import io.pinpipe.examples.demo.DemoOptions;
import io.pinpipe.examples.demo.DemoReport;
import io.pinpipe.examples.demo.LocalDemo;
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
      "Starts embedded servers, emulates posts into Kafka, reads every topic back and reports",
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

  @Override
  public Integer call() {
    DemoOptions options = UsageErrors.check(spec, () -> new DemoOptions(posts, seed, prefix, partitions));
    DemoReport report = new LocalDemo(options, System.out).run();
    return report.nothingLost() ? 0 : 1;
  }
}
