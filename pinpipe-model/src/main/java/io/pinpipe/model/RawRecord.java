package io.pinpipe.model;

/**
 * One raw Kafka record value of SPEC section 2: a {@link RawPin}, {@link RawGeo} or {@link RawUser}.
 * Text fields hold the raw strings, placeholders included; cleaning turns them into nulls.
 */
public sealed interface RawRecord permits RawPin, RawGeo, RawUser {
  /** The row index the record belongs to ({@code index} for pins, {@code ind} otherwise). */
  int ind();

  /** Which of the three topics this record travels on. */
  RecordType type();
}
