package io.pinpipe.examples.console;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for one stage of long work, on stderr so results on stdout stay clean. On a terminal
 * it redraws one line; otherwise it prints a line every 10% so logs and CI output stay short.
 * Not thread-safe: one thread reports progress.
 */
public final class Progress implements AutoCloseable {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final String label;
  private final String unit;
  private final long total;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long done;
  private long lastDraw;
  private int lastDecile = -1;
  private boolean finished;

  private Progress(PrintStream out, String label, String unit, long total, boolean terminal) {
    this.out = out;
    this.label = label;
    this.unit = unit;
    this.total = Math.max(total, 0);
    this.terminal = terminal;
  }

  /** A bar on stderr for {@code total} units of work; redraws in place when stderr is a terminal. */
  public static Progress start(String label, String unit, long total) {
    return new Progress(System.err, label, unit, total, System.console() != null);
  }

  /** A bar on the given stream that prints a line per 10%, for tests and pipes. */
  public static Progress lines(PrintStream out, String label, String unit, long total) {
    return new Progress(out, label, unit, total, false);
  }

  /** Adds {@code n} units done. */
  public void advance(long n) {
    set(done + n);
  }

  /** Sets the units done so far. */
  public void set(long value) {
    done = value;
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw >= REDRAW_NANOS || done >= total) {
        lastDraw = now;
        out.print("\r" + line());
        out.flush();
      }
    } else {
      int decile = total == 0 ? 10 : (int) Math.min(10, done * 10 / total);
      if (decile > lastDecile) {
        lastDecile = decile;
        out.println(line());
      }
    }
  }

  /** Seconds since the stage started. */
  public double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  /** Ends the stage, printing the final count and the time taken once. */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    if (terminal) {
      out.print("\r" + line() + "\n");
    } else if (lastDecile < 10) {
      out.println(line());
    }
    out.flush();
  }

  private String line() {
    int filled = total == 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
    return String.format(
        Locale.ROOT,
        "%-22s [%s%s] %,d/%,d %s  %.1fs",
        label,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        unit,
        seconds());
  }
}
