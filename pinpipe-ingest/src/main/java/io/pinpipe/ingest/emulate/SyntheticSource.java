package io.pinpipe.ingest.emulate;

import io.pinpipe.model.Post;
import io.pinpipe.model.generate.PostGenerator;

/** The seeded synthetic table of {@link PostGenerator}. Thread-safe. */
public final class SyntheticSource implements PostSource {
  private final PostGenerator generator;
  private final long seed;

  private SyntheticSource(long seed) {
    this.seed = seed;
    this.generator = PostGenerator.withSeed(seed);
  }

  /** The default-size synthetic table of a seed. */
  public static SyntheticSource withSeed(long seed) {
    return new SyntheticSource(seed);
  }

  @Override
  public int rows() {
    return generator.rows();
  }

  @Override
  public Post row(int index) {
    return generator.row(index);
  }

  @Override
  public String describe() {
    return "synthetic(seed " + seed + ")";
  }
}
