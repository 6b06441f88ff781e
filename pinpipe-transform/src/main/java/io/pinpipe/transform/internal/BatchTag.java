package io.pinpipe.transform.internal;

import java.util.Locale;
import java.util.Objects;

/**
 * Names one micro-batch of one stream: {@code <stream>-b<batch id, 10 digits>}. The stream id
 * belongs to the checkpoint (see {@link StreamIdentity}), so a checkpoint deleted and started
 * afresh, whose batch ids restart at 0, never meets the tags of the earlier run.
 *
 * @param stream the checkpoint's stream id
 * @param batchId Spark's micro-batch id
 */
public record BatchTag(String stream, long batchId) {
  /** Checks the parts. */
  public BatchTag {
    Objects.requireNonNull(stream, "stream");
    if (!stream.matches("[a-z0-9]+")) {
      throw new IllegalArgumentException("Cannot tag a batch of stream '" + stream + "': only a-z and 0-9 allowed");
    }
    if (batchId < 0) {
      throw new IllegalArgumentException("Cannot tag batch " + batchId + ": batch ids are not negative");
    }
  }

  /** The prefix of the names of the files this batch writes into a Parquet table. */
  public String filePrefix() {
    return this + "-";
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s-b%010d", stream, batchId);
  }
}
