package io.pinpipe.examples.cli;

import io.pinpipe.examples.demo.DemoOptions;
import io.pinpipe.examples.demo.DemoReport;
import io.pinpipe.examples.demo.LocalDemo;
import io.pinpipe.examples.demo.Infrastructure;
import java.net.URI;
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

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "use this Kafka cluster instead of the embedded broker (use a fresh --prefix: the topics must start empty)")
  String bootstrap;

  @Option(names = "--msk-iam", description = "with --bootstrap: authenticate to AWS MSK with IAM (default AWS credential chain)")
  boolean mskIam;

  @Option(names = "--aws-profile", paramLabel = "NAME", description = "with --msk-iam: the AWS profile")
  String awsProfile;

  @Option(names = "--s3", paramLabel = "s3://BUCKET[/ROOT]", description = "archive to this bucket instead of the embedded S3 server (credentials from the AWS default chain, region from AWS_REGION)")
  URI s3;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "with --s3: an S3-compatible endpoint (path-style)")
  URI s3Endpoint;

  @Option(names = "--tables", paramLabel = "PATH", description = "where the clean tables go (default: OUT/tables), any Hadoop path such as s3a://bucket/tables")
  String tables;

  @Override
  public Integer call() {
    Infrastructure infrastructure = UsageErrors.check(spec, () -> new Infrastructure(bootstrap, mskIam, awsProfile, s3, s3Endpoint, tables));
    DemoOptions options = UsageErrors.check(spec, () -> new DemoOptions(posts, seed, prefix, partitions, out, infrastructure));
    DemoReport report = new LocalDemo(options, System.out).run();
    return report.nothingLost() ? 0 : 1;
  }
}
