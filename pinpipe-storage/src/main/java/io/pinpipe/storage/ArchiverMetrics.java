package io.pinpipe.storage;

/**
 * A running archiver's counters.
 *
 * @param records records stored in the topics area
 * @param errors records stored in the errors area
 * @param objects objects uploaded
 * @param bytes bytes uploaded
 * @param bufferedBytes bytes held in memory now
 * @param lag records in Kafka not yet read, over the assigned partitions (as last seen by the consumers)
 */
public record ArchiverMetrics(long records, long errors, long objects, long bytes, long bufferedBytes, long lag) {}
