package io.pinpipe.examples.cli;

import io.pinpipe.examples.console.Progress;
import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe generate}: seeded synthetic raw records as three aligned JSON-lines files. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write seeded synthetic posts as JSON lines.",
      "Writes pin.jsonl, geo.jsonl and user.jsonl in DIR: one raw record a line (SPEC section 2),",
      "line i of each file is post i. The same seed gives the same bytes."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--posts", paramLabel = "N", defaultValue = "1000", description = "posts to write (default: ${DEFAULT-VALUE})")
  long posts;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory, created if missing")
  Path out;

  @Override
  public Integer call() throws IOException {
    UsageErrors.require(spec, posts >= 0, "Invalid value for option '--posts': " + posts + " is negative");
    Files.createDirectories(out);
    JsonCodec codec = JsonCodec.standard();
    Map<RecordType, OutputStream> files = new EnumMap<>(RecordType.class);
    try (Progress progress = Progress.start("generate", "posts", posts)) {
      for (RecordType type : RecordType.values()) {
        files.put(type, new BufferedOutputStream(Files.newOutputStream(out.resolve(type.suffix() + ".jsonl")), 1 << 16));
      }
      Iterator<Post> iterator = PostGenerator.withSeed(seed).iterator(posts);
      long count = 0;
      while (iterator.hasNext()) {
        Post post = iterator.next();
        for (RecordType type : RecordType.values()) {
          OutputStream file = files.get(type);
          file.write(codec.encode(post.record(type)));
          file.write('\n');
        }
        if (++count % 10_000 == 0) {
          progress.set(count);
        }
      }
      progress.set(count);
    } finally {
      for (OutputStream file : files.values()) {
        file.close();
      }
    }
    System.out.println("wrote " + posts + " posts to " + out.toAbsolutePath() + " (pin.jsonl, geo.jsonl, user.jsonl)");
    return 0;
  }
}
