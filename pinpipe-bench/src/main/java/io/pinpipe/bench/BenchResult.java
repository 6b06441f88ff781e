package io.pinpipe.bench;

import java.util.Locale;

/**
 * One benchmark's outcome: our figure against the raw baseline measured in the same run.
 *
 * @param name benchmark name
 * @param ours our figure, in {@code unit}
 * @param baseline the baseline's figure, in {@code unit}
 * @param target the limit for the ratio ours/baseline: the lowest acceptable for a rate, the highest for a
 *     size; NaN when the figure is only reported
 * @param note extra figures such as latency percentiles, may be empty
 * @param unit what the figures measure
 */
public record BenchResult(String name, double ours, double baseline, double target, String note, Unit unit) {
  /** What a benchmark's figures measure, and which way is better. */
  public enum Unit {
    /** Units of work per second: higher is better. */
    PER_SECOND("/s"),
    /** Mebibytes of memory: lower is better. */
    MIB("MiB");

    private final String suffix;

    Unit(String suffix) {
      this.suffix = suffix;
    }
  }

  /** A throughput result (units per second). */
  public BenchResult(String name, double ours, double baseline, double target, String note) {
    this(name, ours, baseline, target, note, Unit.PER_SECOND);
  }

  /** ours / baseline. */
  public double ratio() {
    return ours / baseline;
  }

  /** Whether the ratio reaches the target: at least it for a rate, at most it for a size; true when only reported. */
  public boolean pass() {
    if (reported()) {
      return true;
    }
    return unit == Unit.PER_SECOND ? ratio() >= target : ratio() <= target;
  }

  /** Whether the figure has no target. */
  public boolean reported() {
    return Double.isNaN(target);
  }

  /** The line every benchmark prints: {@code name: ours=<x>/s baseline=<y>/s ratio=<r> target=<t> PASS|MISS}. */
  public String line() {
    String verdict = reported() ? "target=none REPORTED"
        : String.format(Locale.ROOT, "target=%s%.2f %s", unit == Unit.PER_SECOND ? "" : "<=", target, pass() ? "PASS" : "MISS");
    return String.format(Locale.ROOT, "%s: ours=%.0f%s baseline=%.0f%s ratio=%.2f %s%s", name, ours, unit.suffix,
        baseline, unit.suffix, ratio(), verdict, note.isEmpty() ? "" : "  (" + note + ")");
  }
}
