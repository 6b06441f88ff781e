package io.pinpipe.ingest.rest;

/**
 * A record to post in the JSON embedded format.
 *
 * @param keyJson the key as JSON text (e.g. {@code 7528}), or null for no key
 * @param valueJson the value as UTF-8 JSON text, for example a {@code JsonCodec}-encoded record
 */
public record RestRecord(byte[] keyJson, byte[] valueJson) {}
