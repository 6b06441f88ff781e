package io.pinpipe.storage;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.pinpipe.model.json.Utf8;
import java.io.IOException;

/**
 * Decides whether a record value can be archived as one line of JSON: a UTF-8 JSON object with
 * nothing after it. A valid value with line breaks between its tokens is compacted (it would break the
 * one-object-per-line layout); every other valid value is kept byte for byte. Thread-safe.
 */
final class RecordValidator {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
      .build();

  /** The bytes to store, or a reason in {@link Outcome#reason()}. */
  record Outcome(byte[] line, String reason) {}

  private RecordValidator() {}

  static Outcome check(byte[] value) {
    if (value == null) {
      return new Outcome(null, "null value (a tombstone)");
    }
    int invalid = Utf8.firstInvalidByte(value);
    if (invalid >= 0) {
      return new Outcome(null, "invalid UTF-8 at byte " + invalid);
    }
    boolean lineBreak = false;
    for (byte b : value) {
      if (b == '\n' || b == '\r') {
        lineBreak = true;
        break;
      }
    }
    try (JsonParser parser = FACTORY.createParser(value)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return new Outcome(null, first == null ? "empty value" : "not a JSON object");
      }
      if (!lineBreak) {
        parser.skipChildren();
        return parser.nextToken() == null ? new Outcome(value, null) : new Outcome(null, "trailing data after the JSON object");
      }
      ByteArrayBuilder compact = new ByteArrayBuilder(value.length);
      try (JsonGenerator generator = FACTORY.createGenerator(compact, JsonEncoding.UTF8)) {
        generator.copyCurrentStructure(parser);
      }
      return parser.nextToken() == null ? new Outcome(compact.toByteArray(), null)
          : new Outcome(null, "trailing data after the JSON object");
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int cut = message.indexOf('\n');
      return new Outcome(null, "invalid JSON: " + (cut < 0 ? message : message.substring(0, cut)));
    }
  }
}
