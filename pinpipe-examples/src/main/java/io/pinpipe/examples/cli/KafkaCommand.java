package io.pinpipe.examples.cli;

import io.pinpipe.model.Topics;
import io.pinpipe.testkit.EmbeddedKafka;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe kafka}: a real KRaft broker in the foreground until Ctrl-C. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Run an embedded Kafka broker until Ctrl-C.",
      "Listens on 127.0.0.1, for kcat or your own clients."
    })
final class KafkaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", defaultValue = "9092", description = "broker port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "partitions of new topics (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--prefix", paramLabel = "P", description = "also create the prefix's three topics")
  String prefix;

  @Option(names = "--auto-create", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "create topics on first use (default: ${DEFAULT-VALUE}; MSK's default is off)")
  boolean autoCreate;

  @Override
  public Integer call() throws InterruptedException {
    Topics topics = prefix == null ? null : UsageErrors.check(spec, () -> Topics.forPrefix(prefix));
    EmbeddedKafka.Builder builder =
        UsageErrors.check(spec, () -> EmbeddedKafka.builder().port(port).partitions(partitions));
    if (autoCreate) {
      builder.enableTopicAutoCreation();
    }
    EmbeddedKafka kafka = builder.start();
    if (topics != null) {
      topics.all().forEach(topic -> kafka.createTopic(topic, partitions));
    }
    System.out.println("Kafka broker at " + kafka.bootstrapServers()
        + (topics == null ? "" : " with topics " + String.join(", ", topics.all())));
    System.out.println("  try: kcat -b " + kafka.bootstrapServers() + " -L");
    UntilInterrupted.serve(kafka);
    return 0;
  }
}
