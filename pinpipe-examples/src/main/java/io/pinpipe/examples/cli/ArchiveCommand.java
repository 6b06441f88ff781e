package io.pinpipe.examples.cli;

import io.pinpipe.model.Topics;
import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.ArchiverMetrics;
import io.pinpipe.storage.RotationPolicy;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe archive}: archive a prefix's topics to S3 or a directory, exactly once, until Ctrl-C. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description = {
      "Archive a prefix's three topics to S3 or a directory, exactly once, until Ctrl-C.",
      "Layout: ROOT/topics/<topic>/partition=<p>/<topic>+<p>+<startOffset>.json (bad records under ROOT/errors/)."
    })
final class ArchiveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin StoreOptions storeOptions;

  @Option(names = "--prefix", paramLabel = "P", required = true, description = "pipeline prefix")
  String prefix;

  @Option(names = "--flush-size", paramLabel = "N", defaultValue = "10000", description = "records per object (default: ${DEFAULT-VALUE})")
  long flushSize;

  @Option(names = "--rotate-ms", paramLabel = "MS", defaultValue = "0", description = "record-time span per object, 0 = off (default: ${DEFAULT-VALUE})")
  long rotateMs;

  @Option(names = "--idle-ms", paramLabel = "MS", defaultValue = "30000", description = "write an idle partition's open object after this long (default: ${DEFAULT-VALUE})")
  long idleMs;

  @Option(names = "--gzip", description = "compress objects (.json.gz)")
  boolean gzip;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "consumer threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--group", paramLabel = "G", description = "consumer group (default: pinpipe-archiver-<prefix>)")
  String group;

  @Override
  public Integer call() throws InterruptedException {
    Topics topics = UsageErrors.check(spec, () -> Topics.forPrefix(prefix));
    RotationPolicy rotation = UsageErrors.check(spec, () -> RotationPolicy.defaults().withFlushSize(flushSize)
        .withRotateInterval(Duration.ofMillis(rotateMs)).withIdleInterval(Duration.ofMillis(idleMs)));
    StoreOptions.Opened store = UsageErrors.check(spec, storeOptions::open);
    Archiver.Builder builder = Archiver.builder(UsageErrors.check(spec, kafka::clientProperties).asMap(), topics.all(),
        store.store(), store.root()).groupId(group == null ? "pinpipe-archiver-" + prefix : group)
        .rotation(rotation).threads(threads);
    if (gzip) {
      builder.gzip();
    }
    Archiver archiver = builder.build().start();
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "archive-status");
      thread.setDaemon(true);
      return thread;
    });
    status.scheduleAtFixedRate(() -> {
      ArchiverMetrics m = archiver.metrics();
      System.err.printf("archived %,d records (%,d errors) in %,d objects, %,d bytes; lag %,d%n",
          m.records(), m.errors(), m.objects(), m.bytes(), m.lag());
    }, 5, 5, TimeUnit.SECONDS);
    System.out.println("Archiving " + String.join(", ", topics.all()) + " to " + storeOptions.store + " (Ctrl-C to stop)");
    UntilInterrupted.serve(() -> {
      status.shutdownNow();
      archiver.close();
      store.store().close();
    });
    return 0;
  }
}
