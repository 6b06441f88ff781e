package io.pinpipe.examples.cli;

import io.pinpipe.examples.console.TextTable;
import io.pinpipe.ingest.TopicAdmin;
import io.pinpipe.ingest.TopicSpec;
import io.pinpipe.ingest.TopicStatus;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe topics}: create a prefix's three topics idempotently. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "Create the three topics of a prefix.",
      "Existing topics are left alone; one with another partition count is reported (exit 1)."
    })
final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--prefix", paramLabel = "P", required = true, description = "pipeline prefix")
  String prefix;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "1", description = "replicas (default: ${DEFAULT-VALUE}; 3 on MSK)")
  short replicationFactor;

  @Override
  public Integer call() {
    Topics topics = UsageErrors.check(spec, () -> Topics.forPrefix(prefix));
    TopicSpec topicSpec = UsageErrors.check(spec, () -> new TopicSpec(partitions, replicationFactor, Map.of()));
    ClientProperties client = UsageErrors.check(spec, kafka::clientProperties);
    List<TopicStatus> statuses;
    try (TopicAdmin admin = TopicAdmin.create(client)) {
      statuses = admin.ensureTopics(topics, topicSpec);
    }
    TextTable table = new TextTable("topic", "outcome", "partitions");
    statuses.forEach(s -> table.row(s.topic(), s.outcome().name().toLowerCase(java.util.Locale.ROOT), s.partitions()));
    System.out.print(table.render());
    return statuses.stream().anyMatch(s -> s.outcome() == TopicStatus.Outcome.PARTITION_MISMATCH) ? 1 : 0;
  }
}
