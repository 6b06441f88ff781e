package io.pinpipe.ingest.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.pinpipe.model.json.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Parses and validates a whole REST Proxy v2 produce body, {@code {"records":[{"value":..,"key":..,
 * "partition":..}]}}, before anything is sent, so a rejected request writes no record. Thread-safe.
 */
final class ProduceRequestParser {
  private final JsonFactory factory;
  private final int maxRecords;

  ProduceRequestParser(int maxBodyBytes, int maxRecords) {
    this.maxRecords = maxRecords;
    this.factory =
        JsonFactory.builder()
            // no STRICT_DUPLICATE_DETECTION: it would check every object inside every value (a set per
            // object, the gateway's third hottest cost), and a value's fields are its consumer's business
            // (pinpipe's codec and Spark take the last). The envelope and record fields are checked here.
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(maxBodyBytes)
                    .maxDocumentLength(maxBodyBytes)
                    .build())
            .build();
  }

  /**
   * The records of a body, each key and value already in Kafka bytes. In the JSON format a value is
   * stored exactly as its bytes in the request (the body is checked to be strict UTF-8 first).
   */
  List<ProduceRecord> parse(byte[] body, EmbeddedFormat format) {
    int invalid = Utf8.firstInvalidByte(body);
    if (invalid >= 0) {
      throw new RestError(422, RestError.MALFORMED_JSON, "Cannot parse request: invalid UTF-8 at byte " + invalid);
    }
    try (JsonParser parser = factory.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new RestError(422, RestError.MALFORMED_JSON, "Cannot parse request: the body is not a JSON object");
      }
      List<ProduceRecord> records = null;
      List<String> seen = new ArrayList<>(3);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = once(parser.currentName(), seen);
        JsonToken value = parser.nextToken();
        if (field.equals("records")) {
          if (value != JsonToken.START_ARRAY) {
            throw new RestError(422, RestError.INVALID_RECORDS, "Cannot parse request: 'records' must be an array");
          }
          records = readRecords(parser, format, body);
        } else {
          parser.skipChildren(); // key_schema, value_schema and other fields have no meaning for these formats
        }
      }
      if (parser.nextToken() != null) {
        throw new RestError(422, RestError.MALFORMED_JSON, "Cannot parse request: trailing data after the JSON object");
      }
      if (records == null) {
        throw new RestError(422, RestError.INVALID_RECORDS, "Cannot parse request: 'records' is missing");
      }
      if (records.isEmpty()) {
        throw new RestError(422, RestError.INVALID_RECORDS, "Cannot parse request: 'records' is empty");
      }
      return records;
    } catch (JsonProcessingException e) {
      throw new RestError(422, RestError.MALFORMED_JSON, "Cannot parse request: malformed JSON: " + shortMessage(e));
    } catch (IOException e) {
      throw new RestError(422, RestError.MALFORMED_JSON, "Cannot parse request: unreadable body");
    }
  }

  private List<ProduceRecord> readRecords(JsonParser parser, EmbeddedFormat format, byte[] body) throws IOException {
    List<ProduceRecord> records = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (records.size() == maxRecords) {
        throw new RestError(422, RestError.TOO_MANY_RECORDS,
            "Cannot parse request: more than " + maxRecords + " records in one request");
      }
      int index = records.size();
      if (token != JsonToken.START_OBJECT) {
        throw new RestError(422, RestError.INVALID_RECORD, "Cannot parse record " + index + ": not a JSON object");
      }
      byte[] key = null;
      byte[] value = null;
      Integer partition = null;
      boolean hasValue = false;
      List<String> seen = new ArrayList<>(3);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = once(parser.currentName(), seen);
        parser.nextToken();
        switch (field) {
          case "value" -> {
            value = payload(parser, format, index, "value", body);
            hasValue = true;
          }
          case "key" -> key = payload(parser, format, index, "key", body);
          case "partition" -> partition = partition(parser, index);
          default -> parser.skipChildren();
        }
      }
      if (!hasValue) {
        throw new RestError(422, RestError.INVALID_RECORD, "Cannot parse record " + index + ": 'value' is missing");
      }
      records.add(new ProduceRecord(key, value, partition));
    }
    return records;
  }

  private byte[] payload(JsonParser parser, EmbeddedFormat format, int index, String field, byte[] body)
      throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (format == EmbeddedFormat.BINARY) {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw new RestError(422, RestError.INVALID_RECORD,
            "Cannot parse record " + index + ": binary '" + field + "' must be a base64 string");
      }
      try {
        return Base64.getDecoder().decode(parser.getText());
      } catch (IllegalArgumentException e) {
        throw new RestError(422, RestError.INVALID_RECORD,
            "Cannot parse record " + index + ": '" + field + "' is not valid base64");
      }
    }
    // The value's own bytes: from its first token to the end of its last one, parsed (so validated) on the way.
    int start = (int) parser.currentTokenLocation().getByteOffset();
    if (parser.currentToken().isStructStart()) {
      parser.skipChildren();
    } else {
      parser.finishToken();
    }
    int end = (int) parser.currentLocation().getByteOffset();
    return Arrays.copyOfRange(body, start, end);
  }

  /** {@code field}, remembered in {@code seen}; a field repeated in one object makes the request ambiguous. */
  private static String once(String field, List<String> seen) {
    if (seen.contains(field)) {
      throw new RestError(422, RestError.MALFORMED_JSON, "Cannot parse request: malformed JSON: duplicate field '"
          + (field.length() > 64 ? field.substring(0, 64) + "..." : field) + "'");
    }
    seen.add(field);
    return field;
  }

  private static Integer partition(JsonParser parser, int index) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() < 0) {
      throw new RestError(422, RestError.INVALID_RECORD,
          "Cannot parse record " + index + ": 'partition' must be a non-negative integer");
    }
    return parser.getIntValue();
  }

  private static String shortMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    message = cut < 0 ? message : message.substring(0, cut);
    return message.length() > 160 ? message.substring(0, 160) + "..." : message;
  }
}
