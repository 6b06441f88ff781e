package io.pinpipe.examples.cli;

import io.pinpipe.examples.verify.PipelineVerifier;
import io.pinpipe.examples.verify.Verification;
import io.pinpipe.model.Topics;
import io.pinpipe.testkit.LocalSpark;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe verify}: accounts for every record from Kafka through the archive to the tables. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Compare Kafka's offsets, the archive (each offset exactly once, gaps, overlaps, errors area) and,",
      "with --tables, the clean tables (clean and quarantined rows against a plain-Java cleaning of the archive).",
      "Exit 0 when every record is accounted for, 1 otherwise."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafkaOptions;
  @Mixin StoreOptions storeOptions;

  @Option(names = "--prefix", required = true, paramLabel = "P", description = "the pipeline's topic prefix")
  String prefix;

  @Option(names = "--tables", paramLabel = "DIR", description = "clean tables (Parquet) to check as well")
  String tables;

  @Override
  public Integer call() {
    Topics topics = UsageErrors.check(spec, () -> Topics.forPrefix(prefix));
    var client = UsageErrors.check(spec, kafkaOptions::clientProperties);
    StoreOptions.Opened opened = UsageErrors.check(spec, storeOptions::open);
    Verification verification = new Verification();
    PipelineVerifier verifier = new PipelineVerifier(topics);
    try (var store = opened.store()) {
      verifier.kafkaAgainstArchive(client.asMap(), store, opened.root(), verification);
      if (tables != null) {
        SparkSession spark = LocalSpark.builder().start();
        try {
          verifier.tablesAgainstArchive(spark, tables, store, opened.root(), verification);
        } finally {
          spark.stop();
        }
      }
    }
    System.out.print(verification.toText());
    return verification.allAccounted() ? 0 : 1;
  }
}
