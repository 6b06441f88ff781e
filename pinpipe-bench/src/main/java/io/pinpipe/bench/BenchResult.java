package io.pinpipe.bench;

import java.util.Locale;

/**
 * One benchmark's outcome: our throughput against the raw baseline measured in the same run.
 *
 * @param name benchmark name
 * @param ours our throughput, units per second
 * @param baseline the baseline's throughput, units per second
 * @param target the lowest acceptable ratio ours/baseline
 * @param note extra figures such as latency percentiles, may be empty
 */
public record BenchResult(String name, double ours, double baseline, double target, String note) {
  /** ours / baseline. */
  public double ratio() {
    return ours / baseline;
  }

  /** Whether the ratio reaches the target. */
  public boolean pass() {
    return ratio() >= target;
  }

  /** The line every benchmark prints: {@code name: ours=<x>/s baseline=<y>/s ratio=<r> target=<t> PASS|MISS}. */
  public String line() {
    return String.format(Locale.ROOT, "%s: ours=%.0f/s baseline=%.0f/s ratio=%.2f target=%.2f %s%s", name, ours, baseline,
        ratio(), target, pass() ? "PASS" : "MISS", note.isEmpty() ? "" : "  (" + note + ")");
  }
}
