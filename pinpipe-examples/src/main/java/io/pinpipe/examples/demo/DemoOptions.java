package io.pinpipe.examples.demo;

import java.nio.file.Path;
import java.util.Objects;
import io.pinpipe.model.Topics;

/**
 * What the local demo runs with.
 *
 * @param posts how many posts to emulate, at least 1
 * @param seed seed of the synthetic data
 * @param prefix pipeline prefix (topic names)
 * @param partitions partitions per topic, at least 1
 * @param out directory for the clean tables and the HTML report (replaced on every run)
 * @param infrastructure what runs against real servers instead of embedded ones
 */
public record DemoOptions(long posts, long seed, String prefix, int partitions, Path out, Infrastructure infrastructure) {
  /** Default number of posts. */
  public static final long DEFAULT_POSTS = 20_000;
  /** Default prefix: the original pipeline's user id. */
  public static final String DEFAULT_PREFIX = "0a1d8948160f";

  /** Validates every field, naming the bad value. */
  public DemoOptions {
    if (posts < 1) {
      throw new IllegalArgumentException("Cannot run the demo with " + posts + " posts: at least 1");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("Cannot run the demo with " + partitions + " partitions: at least 1");
    }
    Topics.forPrefix(prefix);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(infrastructure, "infrastructure");
  }
}
