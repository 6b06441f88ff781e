package io.pinpipe.storage;

/**
 * What a writer has stored so far.
 *
 * @param records records stored in the topics area
 * @param errors records stored in the errors area
 * @param objects objects uploaded (both areas)
 * @param bytes bytes uploaded (after compression)
 * @param bufferedBytes bytes held in memory now
 */
public record ArchiveStats(long records, long errors, long objects, long bytes, long bufferedBytes) {}
