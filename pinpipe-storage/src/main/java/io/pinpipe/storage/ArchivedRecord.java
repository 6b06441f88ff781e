package io.pinpipe.storage;

/**
 * One stored record.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset its Kafka offset
 * @param value the stored line (the record value), without the line break
 */
public record ArchivedRecord(String topic, int partition, long offset, byte[] value) {}
