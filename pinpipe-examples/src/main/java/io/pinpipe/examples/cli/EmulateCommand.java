package io.pinpipe.examples.cli;

import io.pinpipe.examples.console.Progress;
import io.pinpipe.examples.console.TextTable;
import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.emulate.EmulationSummary;
import io.pinpipe.ingest.emulate.FileSource;
import io.pinpipe.ingest.emulate.JdbcSource;
import io.pinpipe.ingest.emulate.Pace;
import io.pinpipe.ingest.emulate.PostSink;
import io.pinpipe.ingest.emulate.PostSource;
import io.pinpipe.ingest.emulate.PostingEmulator;
import io.pinpipe.ingest.emulate.ProducerSink;
import io.pinpipe.ingest.emulate.RestSink;
import io.pinpipe.ingest.emulate.SyntheticSource;
import io.pinpipe.ingest.rest.RestProxyClient;
import io.pinpipe.model.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe emulate}: the original posting emulator, to Kafka or a REST Proxy. */
@Command(
    name = "emulate",
    mixinStandardHelpOptions = true,
    description = {
      "Post random rows of the pin, geo and user tables, like user_posting_emulation.py.",
      "Send with --bootstrap (the Kafka producer) or --rest URL (a REST Proxy or pinpipe gateway).",
      "JDBC credentials come from PINPIPE_JDBC_USER and PINPIPE_JDBC_PASSWORD. Exit 1 if any post failed."
    })
final class EmulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--rest", paramLabel = "URL", description = "REST Proxy base URL, e.g. https://x.execute-api.us-east-1.amazonaws.com/prod")
  URI rest;

  @Option(names = "--prefix", paramLabel = "P", required = true, description = "pipeline prefix (topics P.pin, P.geo, P.user)")
  String prefix;

  @Option(names = "--posts", paramLabel = "N", description = "posts to send (default: 1000 unless --duration is given)")
  Long posts;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
  Long durationSeconds;

  @Option(names = "--rate", paramLabel = "R", defaultValue = "unlimited",
      description = "posts per second, 'unlimited', or 'original' (random 0-2 s pause per post) (default: ${DEFAULT-VALUE})")
  String rate;

  @Option(names = "--source", paramLabel = "SRC", defaultValue = "synthetic",
      description = "synthetic | csv:DIR | jsonl:DIR | jdbc:URL (default: ${DEFAULT-VALUE})")
  String source;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seed of the synthetic table and row draws (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "with --rest: posts per request (default: ${DEFAULT-VALUE}, as the original)")
  int batch;

  @Override
  public Integer call() {
    UsageErrors.require(spec, kafka.given() ^ (rest != null), "Give exactly one of --bootstrap and --rest");
    Topics topics = UsageErrors.check(spec, () -> Topics.forPrefix(prefix));
    Pace pace = UsageErrors.check(spec, this::pace);
    long count = posts != null ? posts : durationSeconds != null ? Long.MAX_VALUE : 1000;
    UsageErrors.require(spec, count >= 0, "Invalid value for option '--posts': " + count + " is negative");
    try (PostSource rows = UsageErrors.check(spec, this::openSource);
        PostProducer producer = kafka.given() ? PostProducer.builder(topics, UsageErrors.check(spec, kafka::clientProperties)).build() : null) {
      PostSink sink = producer != null ? new ProducerSink(producer)
          : new RestSink(RestProxyClient.builder(rest).build(), topics, UsageErrors.check(spec, () -> checkBatch(batch)));
      PostingEmulator.Builder emulator = PostingEmulator.builder(rows, sink, topics).posts(count).seed(seed).pace(pace);
      if (durationSeconds != null) {
        emulator.duration(Duration.ofSeconds(durationSeconds));
      }
      EmulationSummary summary;
      try (Progress progress = Progress.start("emulate", "posts", count == Long.MAX_VALUE ? 0 : count)) {
        summary = emulator.progress(progress::set).build().run();
      }
      print(summary, rows.describe());
      return summary.failed() == 0 ? 0 : 1;
    }
  }

  private static void print(EmulationSummary summary, String source) {
    TextTable table = new TextTable("topic", "records stored");
    summary.recordsPerTopic().forEach(table::row);
    System.out.printf("source %s: %,d posts sent, %,d failed in %.1fs (%.0f posts/s)%n", source, summary.posted(),
        summary.failed(), summary.elapsed().toNanos() / 1e9, summary.postsPerSecond());
    System.out.print(table.render());
    summary.firstFailures().forEach(f -> System.out.println("failed: " + f));
  }

  private Pace pace() {
    return switch (rate) {
      case "unlimited" -> Pace.unlimited();
      case "original" -> Pace.originalRandomSleep();
      default -> {
        try {
          yield Pace.perSecond(Double.parseDouble(rate));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Invalid value for option '--rate': '" + rate + "' is not a number, 'unlimited' or 'original'");
        }
      }
    };
  }

  private PostSource openSource() {
    if (source.equals("synthetic")) {
      return SyntheticSource.withSeed(seed);
    }
    if (source.startsWith("csv:")) {
      return FileSource.csv(Path.of(source.substring(4)));
    }
    if (source.startsWith("jsonl:")) {
      return FileSource.jsonl(Path.of(source.substring(6)));
    }
    if (source.startsWith("jdbc:")) {
      return JdbcSource.connect(source, System.getenv("PINPIPE_JDBC_USER"), System.getenv("PINPIPE_JDBC_PASSWORD"));
    }
    throw new IllegalArgumentException("Invalid value for option '--source': expected synthetic, csv:DIR, jsonl:DIR or jdbc:URL");
  }

  private static int checkBatch(int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("Invalid value for option '--batch': " + batch + " is below 1");
    }
    return batch;
  }
}
