package io.pinpipe.model;

/**
 * Marker for failures that may succeed when the same operation is tried again (a broker or object
 * store that is briefly unavailable). Branch on {@code e instanceof Retriable}.
 */
public interface Retriable {}
