package io.pinpipe.ingest;

/**
 * Where Kafka stored one record.
 *
 * @param topic topic name
 * @param partition partition number
 * @param offset offset in the partition
 */
public record RecordPosition(String topic, int partition, long offset) {}
