package io.pinpipe.transform;

import io.pinpipe.model.RecordType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where raw records come from, as datasets of lines: {@value Cleaner#RAW} (the JSON value) and
 * {@value Cleaner#SOURCE}; streams add {@value #TYPE}, the record type's suffix ({@code pin},
 * {@code geo} or {@code user}).
 */
public interface LineSource {
  /** Column of {@link #stream}: {@code pin}, {@code geo} or {@code user}. */
  String TYPE = "type";

  /** All records of one type there are now, as a batch dataset. */
  Dataset<Row> batch(SparkSession spark, RecordType type);

  /** Records of every type as a streaming dataset, new ones only after a checkpoint. */
  Dataset<Row> stream(SparkSession spark);

  /** Where this source reads, for reports (never with credentials). */
  String describe();

  /**
   * Whether reading {@link #batch} twice gives the same lines. The clean job caches the lines of a
   * source that is not (a Kafka topic still being written to), since quarantined lines are read twice.
   */
  default boolean repeatable() {
    return true;
  }
}
