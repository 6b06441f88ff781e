package io.pinpipe.examples.demo;

import java.util.Map;

/**
 * What the demo measured: posts sent and, per topic, records in Kafka, read back and decoded.
 *
 * @param postsSent posts the emulator sent
 * @param recordsInKafka per topic, the sum of the partitions' end offsets
 * @param recordsRead per topic, records read back
 * @param decodeErrors per topic, records that did not decode
 * @param recordsArchived per topic, records stored in the S3 archive (each offset exactly once)
 * @param discrepancies human-readable differences; empty when nothing was lost
 */
public record DemoReport(
    long postsSent,
    Map<String, Long> recordsInKafka,
    Map<String, Long> recordsRead,
    Map<String, Long> decodeErrors,
    Map<String, Long> recordsArchived,
    java.util.List<String> discrepancies) {

  /** Copies the maps and list. */
  public DemoReport {
    recordsInKafka = Map.copyOf(recordsInKafka);
    recordsRead = Map.copyOf(recordsRead);
    decodeErrors = Map.copyOf(decodeErrors);
    recordsArchived = Map.copyOf(recordsArchived);
    discrepancies = java.util.List.copyOf(discrepancies);
  }

  /** Whether every post sent is in each topic and in the archive exactly once and decodes. */
  public boolean nothingLost() {
    return discrepancies.isEmpty();
  }
}
