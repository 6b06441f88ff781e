package io.pinpipe.ingest.emulate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an emulator run did.
 *
 * @param posted posts whose three records were all stored
 * @param failed posts that failed (a bad source row, or a record the sink did not store)
 * @param recordsPerTopic records stored per topic
 * @param elapsed wall time of the run
 * @param firstFailures the first few failure messages, for the report
 */
public record EmulationSummary(
    long posted, long failed, Map<String, Long> recordsPerTopic, Duration elapsed, List<String> firstFailures) {
  /** Copies the collections. */
  public EmulationSummary {
    recordsPerTopic = Map.copyOf(recordsPerTopic);
    firstFailures = List.copyOf(firstFailures);
  }

  /** Posts per second over the run. */
  public double postsPerSecond() {
    return elapsed.isZero() ? 0 : posted / (elapsed.toNanos() / 1e9);
  }
}
