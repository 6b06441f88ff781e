package io.pinpipe.transform;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.streaming.StreamingQuery;

/** A running clean query and the report of the micro-batches it has finished so far. */
public final class CleanStream {
  private final StreamingQuery query;
  private final AtomicReference<CleanReport> report;

  CleanStream(StreamingQuery query, AtomicReference<CleanReport> report) {
    this.query = query;
    this.report = report;
  }

  /** The Spark query (status, progress, stop, awaitTermination). */
  public StreamingQuery query() {
    return query;
  }

  /** Counts of the micro-batches finished so far. */
  public CleanReport report() {
    return report.get();
  }
}
