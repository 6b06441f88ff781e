package io.pinpipe.ingest;

/**
 * What {@link TopicAdmin#ensureTopics} found or did for one topic.
 *
 * @param topic the topic
 * @param outcome created, already there as asked, or there with another partition count
 * @param partitions the topic's partition count now
 */
public record TopicStatus(String topic, Outcome outcome, int partitions) {
  /** What happened to a topic. */
  public enum Outcome {
    /** The topic was created. */
    CREATED,
    /** The topic existed with the requested partition count. */
    EXISTS,
    /** The topic existed with a different partition count; it was left as it is. */
    PARTITION_MISMATCH
  }
}
