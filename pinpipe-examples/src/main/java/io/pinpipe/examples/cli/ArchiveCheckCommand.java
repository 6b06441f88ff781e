package io.pinpipe.examples.cli;

import io.pinpipe.examples.console.TextTable;
import io.pinpipe.model.Topics;
import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.PartitionCheck;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe archive-check}: per partition, what the archive holds and whether any offset is missing or doubled. */
@Command(
    name = "archive-check",
    mixinStandardHelpOptions = true,
    description = {
      "Check an archive: objects, records, errors, gaps and overlaps per partition.",
      "Exit 0 when every partition is exact, 1 otherwise."
    })
final class ArchiveCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StoreOptions storeOptions;

  @Option(names = "--prefix", paramLabel = "P", description = "only this prefix's three topics (default: every archived topic)")
  String prefix;

  @Override
  public Integer call() {
    StoreOptions.Opened opened = UsageErrors.check(spec, storeOptions::open);
    try (var store = opened.store()) {
      ArchiveReader reader = new ArchiveReader(store, opened.root());
      List<String> topics = prefix == null ? reader.topics() : UsageErrors.check(spec, () -> Topics.forPrefix(prefix)).all();
      TextTable table = new TextTable("topic", "partition", "objects", "records", "errors", "first", "last", "gaps", "overlaps");
      boolean exact = true;
      for (String topic : topics) {
        for (PartitionCheck c : reader.check(topic)) {
          table.row(c.topic(), c.partition(), c.objects(), c.records(), c.errorRecords(), c.firstOffset(), c.lastOffset(),
              c.gaps().isEmpty() ? "-" : String.join(" ", c.gaps()), c.overlaps().isEmpty() ? "-" : String.join(" ", c.overlaps()));
          exact &= c.exact();
        }
      }
      System.out.print(table.render());
      System.out.println(exact ? "every offset stored exactly once" : "GAPS OR OVERLAPS FOUND");
      return exact ? 0 : 1;
    }
  }
}
