package io.pinpipe.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pinpipe.model.Names;
import io.pinpipe.model.clean.QuarantineReason;
import java.io.IOException;

/** Reads typed field values from a parser positioned on a value token; one instance per record. */
final class RecordReader {
  private final JsonParser parser;
  private final String topic;
  private final byte[] raw;

  RecordReader(JsonParser parser, String topic, byte[] raw) {
    this.parser = parser;
    this.topic = topic;
    this.raw = raw;
  }

  /** A string, or null for JSON null; other types are an error. */
  String text(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(field, "a string");
  }

  /** An int, or null for JSON null; decimals, other types and values beyond int are errors. */
  Integer integer(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() != JsonParser.NumberType.INT) {
        throw fail(field, "number " + Names.quote(parser.getText()) + " is out of range for a 32-bit integer");
      }
      return parser.getIntValue();
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(field, "an integer");
  }

  /** A finite double (JSON integers accepted), or null for JSON null. */
  Double decimal(String field) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = parser.getDoubleValue();
      if (Double.isInfinite(value)) {
        throw fail(field, "number " + Names.quote(parser.getText()) + " is out of range for a double");
      }
      return value;
    }
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    throw wrongType(field, "a number");
  }

  /** The row index: present, not null, an int. */
  int index(String field, Integer value) {
    if (value == null) {
      throw new DecodeException(
          topic, field, QuarantineReason.MISSING_INDEX, "missing or null; every record needs its row index", raw, null);
    }
    return value;
  }

  /** Skips an unknown field's value, still decoding its strings so invalid UTF-8 is caught. */
  void skip() throws IOException {
    JsonToken token = parser.currentToken();
    int depth = token.isStructStart() ? 1 : 0;
    while (true) {
      if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
        parser.getTextLength();
      }
      if (depth == 0) {
        return;
      }
      token = parser.nextToken();
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd()) {
        depth--;
      }
    }
  }

  DecodeException wrongType(String field, String expected) throws IOException {
    return new DecodeException(
        topic, field, QuarantineReason.WRONG_TYPE, "expected " + expected + ", got " + describeCurrent(), raw, null);
  }

  /** A value that is not well-formed JSON of the record's shape ({@code malformed_json}). */
  DecodeException fail(String field, String reason) {
    return new DecodeException(topic, field, QuarantineReason.MALFORMED_JSON, reason, raw, null);
  }

  private String describeCurrent() throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case VALUE_STRING -> "a string " + Names.quote(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + Names.quote(parser.getText());
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }
}
