package io.pinpipe.ingest;

import java.util.Map;

/**
 * How the three topics of a prefix are created.
 *
 * @param partitions partitions per topic, at least 1
 * @param replicationFactor replicas per partition, at least 1 (3 on a production MSK cluster)
 * @param configs topic configs such as {@code retention.ms}
 */
public record TopicSpec(int partitions, short replicationFactor, Map<String, String> configs) {
  /** Validates counts and copies the configs. */
  public TopicSpec {
    if (partitions < 1 || replicationFactor < 1) {
      throw new IllegalArgumentException(
          "Cannot create topics with " + partitions + " partitions and replication factor " + replicationFactor
              + ": both must be at least 1");
    }
    configs = Map.copyOf(configs);
  }

  /** {@code partitions} partitions, replication factor 1, no configs: for a single local broker. */
  public static TopicSpec local(int partitions) {
    return new TopicSpec(partitions, (short) 1, Map.of());
  }
}
