package io.pinpipe.examples.cli;

import io.pinpipe.examples.console.TextTable;
import io.pinpipe.model.Topics;
import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.PartitionCheck;
import java.util.ArrayList;
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

  private static String joined(List<String> ranges) {
    return ranges.isEmpty() ? "-" : String.join(" ", ranges);
  }

  @Override
  public Integer call() {
    StoreOptions.Opened opened = UsageErrors.check(spec, storeOptions::open);
    try (var store = opened.store()) {
      ArchiveReader reader = new ArchiveReader(store, opened.root());
      List<String> topics = prefix == null ? reader.topics() : UsageErrors.check(spec, () -> Topics.forPrefix(prefix)).all();
      TextTable table =
          new TextTable("topic", "partition", "objects", "records", "errors", "first", "last", "gaps", "overlaps", "unaccounted");
      boolean exact = true;
      boolean unaccounted = false;
      List<String> problems = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionCheck c : reader.check(topic)) {
          table.row(c.topic(), c.partition(), c.objects(), c.records(), c.errorRecords(), c.firstOffset(), c.lastOffset(),
              joined(c.gaps()), joined(c.overlaps()), joined(c.unaccounted()));
          exact &= c.exact();
          unaccounted |= !c.unaccounted().isEmpty();
          problems.addAll(c.problems());
        }
      }
      System.out.print(table.render());
      problems.forEach(problem -> System.out.println("problem: " + problem));
      if (!exact) {
        System.out.println("GAPS, OVERLAPS OR OBJECTS DISAGREEING WITH THEIR METADATA FOUND");
      } else if (unaccounted) {
        System.out.println(
            "every stored range held exactly once; the unaccounted ranges lie between objects that do not say where their"
                + " predecessor ended: run `pinpipe verify` to compare them with Kafka");
      } else {
        System.out.println("every record stored exactly once (offsets that are not records are not gaps)");
      }
      return exact ? 0 : 1;
    }
  }
}
