package io.pinpipe.examples.demo;

import io.pinpipe.query.QueryResult;
import io.pinpipe.transform.CleanReport;
import java.util.Map;

/**
 * What the demo measured: posts sent and, per topic, records in Kafka, read back and decoded.
 *
 * @param postsSent posts the emulator sent
 * @param recordsInKafka per topic, the sum of the partitions' end offsets
 * @param recordsRead per topic, records read back
 * @param decodeErrors per topic, records that did not decode
 * @param recordsArchived per topic, records stored in the S3 archive (each offset exactly once)
 * @param clean the cleaning job's conservation report (empty until cleaning ran)
 * @param answers each canned query's answer (empty until the queries ran)
 * @param discrepancies human-readable differences; empty when nothing was lost
 */
public record DemoReport(
    long postsSent,
    Map<String, Long> recordsInKafka,
    Map<String, Long> recordsRead,
    Map<String, Long> decodeErrors,
    Map<String, Long> recordsArchived,
    CleanReport clean,
    java.util.List<QueryResult> answers,
    java.util.List<String> discrepancies) {

  /** Copies the maps and list. */
  public DemoReport {
    recordsInKafka = Map.copyOf(recordsInKafka);
    recordsRead = Map.copyOf(recordsRead);
    decodeErrors = Map.copyOf(decodeErrors);
    recordsArchived = Map.copyOf(recordsArchived);
    answers = java.util.List.copyOf(answers);
    discrepancies = java.util.List.copyOf(discrepancies);
  }

  /** The same report with the cleaning counts, the answers and more discrepancies. */
  public DemoReport withClean(CleanReport clean, java.util.List<QueryResult> answers, java.util.List<String> more) {
    java.util.List<String> all = new java.util.ArrayList<>(discrepancies);
    all.addAll(more);
    return new DemoReport(postsSent, recordsInKafka, recordsRead, decodeErrors, recordsArchived, clean, answers, all);
  }

  /** Whether every post sent is in each topic and in the archive exactly once and decodes. */
  public boolean nothingLost() {
    return discrepancies.isEmpty();
  }
}
