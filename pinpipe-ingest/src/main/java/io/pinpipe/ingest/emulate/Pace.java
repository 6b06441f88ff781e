package io.pinpipe.ingest.emulate;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How fast the emulator posts: as fast as the sink takes them, a steady number of posts per second,
 * or the original script's random pause of 0 to 2 seconds before each post.
 */
public sealed interface Pace {
  /** No pause. */
  static Pace unlimited() {
    return new Unlimited();
  }

  /**
   * A steady rate.
   *
   * @throws IllegalArgumentException unless {@code postsPerSecond} is positive and finite
   */
  static Pace perSecond(double postsPerSecond) {
    return new PerSecond(postsPerSecond);
  }

  /** A random pause, uniform in 0..2 s, before each post, as the original emulator slept. */
  static Pace originalRandomSleep() {
    return new OriginalRandomSleep();
  }

  /** No pause. */
  record Unlimited() implements Pace {}

  /**
   * A steady rate.
   *
   * @param postsPerSecond posts per second
   */
  record PerSecond(double postsPerSecond) implements Pace {
    /** Checks the rate. */
    public PerSecond {
      if (!(postsPerSecond > 0) || Double.isInfinite(postsPerSecond)) {
        throw new IllegalArgumentException("Cannot post at " + postsPerSecond + " posts/s: must be positive");
      }
    }
  }

  /** The original's random pause. */
  record OriginalRandomSleep() implements Pace {}

  /** How long after the run's start post number {@code n} (0-based) may go out. */
  static Duration due(Pace pace, long n, Duration previousDue, SplittableRandom random) {
    if (pace instanceof PerSecond rate) {
      return Duration.ofNanos((long) (n * 1e9 / rate.postsPerSecond()));
    }
    if (pace instanceof OriginalRandomSleep) {
      return previousDue.plusNanos((long) (random.nextDouble() * 2e9));
    }
    return Duration.ZERO;
  }
}
