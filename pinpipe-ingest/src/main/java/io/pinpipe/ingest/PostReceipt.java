package io.pinpipe.ingest;

/**
 * Kafka's acknowledgement of a whole post: where each of its three records landed.
 *
 * @param ind the post's row index (the records' key)
 * @param pin position of the pin record
 * @param geo position of the geo record
 * @param user position of the user record
 */
public record PostReceipt(int ind, RecordPosition pin, RecordPosition geo, RecordPosition user) {}
