package io.pinpipe.ingest.rest;

/**
 * One record of a produce request, ready for Kafka.
 *
 * @param key key bytes, or null
 * @param value value bytes, or null (a tombstone)
 * @param partition explicit partition, or null to let Kafka choose
 */
record ProduceRecord(byte[] key, byte[] value, Integer partition) {}
