package io.pinpipe.ingest;

/**
 * Records a {@link PostProducer} has had acknowledged and refused so far.
 *
 * @param sent records Kafka acknowledged
 * @param failed records Kafka refused or that timed out
 */
public record ProducerCounters(long sent, long failed) {}
