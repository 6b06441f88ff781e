package io.pinpipe.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The one retry wait policy of pinpipe: capped exponential backoff with "equal jitter". Each {@link
 * #next()} returns a wait drawn uniformly from {@code [step/2, step]}, then the step doubles up to
 * the cap; {@link #reset()} after a success starts over. Jitter spreads the retries of many workers
 * that failed together, so they do not hit the recovering service in lock step.
 *
 * <p>One instance per retry loop; not thread-safe.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final LongUnaryOperator random;
  private long step;

  /**
   * A policy starting at {@code initial} and doubling up to {@code max}.
   *
   * @throws IllegalArgumentException when {@code initial} is not positive or {@code max} is below it
   */
  public Backoff(Duration initial, Duration max) {
    this(initial, max, bound -> ThreadLocalRandom.current().nextLong(bound));
  }

  /** For tests: {@code random.applyAsLong(bound)} returns a value in {@code [0, bound)}. */
  Backoff(Duration initial, Duration max, LongUnaryOperator random) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("Cannot back off from " + initial.toMillis() + " ms to " + max.toMillis()
          + " ms: the start must be at least 1 ms and the cap at least the start");
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.random = Objects.requireNonNull(random, "random");
    this.step = initialMillis;
  }

  /** 200 ms doubling to 30 s: the default for uploads, store lookups and HTTP retries. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));
  }

  /** The next wait, in {@code [step/2, step]}; then the step doubles, never past the cap. */
  public Duration next() {
    long current = step;
    step = Math.min(maxMillis, current > maxMillis / 2 ? maxMillis : current * 2);
    long low = current / 2;
    return Duration.ofMillis(low + random.applyAsLong(current - low + 1));
  }

  /** Starts over from the initial step (call after a success). */
  public void reset() {
    step = initialMillis;
  }

  @Override
  public String toString() {
    return "Backoff[" + initialMillis + " ms doubling to " + maxMillis + " ms, equal jitter]";
  }
}
