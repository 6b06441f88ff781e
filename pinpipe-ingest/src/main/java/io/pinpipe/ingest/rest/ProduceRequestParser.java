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
 * "partition":..}], "key_schema":.., "value_schema":.., "key_schema_id":.., "value_schema_id":..}},
 * before anything is sent, so a rejected request writes no record. Thread-safe.
 *
 * <p>Errors as Confluent's (rest-utils' exception mappers, {@code ProduceRequest}'s constraints): JSON
 * that does not parse, or does not map onto that shape (wrong types, unknown fields), is 400/400 and
 * wins over a body that maps but breaks the rules (no body, no or empty {@code records}, too many
 * records, a negative partition), which is 422/422. A schema'd format is refused after the body is
 * checked: 422/42206 when the request names a schema, else 422/42207, both saying that a Schema
 * Registry is needed.
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
    if (body.length == 0) {
      throw RestError.unprocessable("Cannot produce: the request has no body; expected {\"records\":[...]}");
    }
    int invalid = Utf8.firstInvalidByte(body);
    if (invalid >= 0) {
      throw RestError.badRequest("Cannot parse request: invalid UTF-8 at byte " + invalid);
    }
    State state = new State();
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw RestError.badRequest("Cannot parse request: no JSON in the body");
      }
      if (first == JsonToken.VALUE_NULL) {
        state.unprocessable("Cannot produce: the body is null; expected {\"records\":[...]}");
      } else if (first != JsonToken.START_OBJECT) {
        throw RestError.badRequest("Cannot parse request: the body is not a JSON object");
      } else {
        readEnvelope(parser, format, body, state);
      }
      if (parser.nextToken() != null) {
        throw RestError.badRequest("Cannot parse request: trailing data after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw RestError.badRequest("Cannot parse request: malformed JSON: " + shortMessage(e));
    } catch (IOException e) {
      throw RestError.badRequest("Cannot parse request: unreadable body");
    }
    if (state.unprocessable != null) {
      throw RestError.unprocessable(state.unprocessable);
    }
    if (format.needsSchemaRegistry) {
      throw schemaRegistryNeeded(format, state.schemaGiven);
    }
    return state.records;
  }

  private void readEnvelope(JsonParser parser, EmbeddedFormat format, byte[] body, State state) throws IOException {
    boolean recordsSeen = false;
    List<String> seen = new ArrayList<>(5);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = once(parser.currentName(), seen);
      JsonToken value = parser.nextToken();
      switch (field) {
        case "records" -> {
          if (value == JsonToken.START_ARRAY) {
            recordsSeen = true;
            readRecords(parser, format, body, state);
          } else if (value != JsonToken.VALUE_NULL) {
            throw RestError.badRequest("Cannot parse request: 'records' must be an array");
          }
        }
        case "key_schema", "value_schema" -> {
          if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
            throw RestError.badRequest("Cannot parse request: '" + field + "' must be a string");
          }
          state.schemaGiven |= value != JsonToken.VALUE_NULL;
        }
        case "key_schema_id", "value_schema_id" -> {
          if (value != JsonToken.VALUE_NULL
              && (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT)) {
            throw RestError.badRequest("Cannot parse request: '" + field + "' must be an integer");
          }
          state.schemaGiven |= value != JsonToken.VALUE_NULL;
        }
        default -> throw RestError.badRequest("Cannot parse request: unknown field '" + shortName(field)
            + "'; a produce request has records, key_schema, value_schema, key_schema_id and value_schema_id");
      }
    }
    if (!recordsSeen) {
      state.unprocessable("Cannot produce: 'records' is missing");
    } else if (state.count == 0) {
      state.unprocessable("Cannot produce: 'records' is empty");
    } else if (state.count > maxRecords) {
      state.unprocessable("Cannot produce: " + state.count + " records in one request, more than the limit of " + maxRecords);
    }
  }

  private void readRecords(JsonParser parser, EmbeddedFormat format, byte[] body, State state) throws IOException {
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      int index = state.count++;
      if (token != JsonToken.START_OBJECT) {
        throw RestError.badRequest("Cannot parse record " + index + ": not a JSON object");
      }
      byte[] key = null;
      byte[] value = null;
      Integer partition = null;
      List<String> seen = new ArrayList<>(3);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = once(parser.currentName(), seen);
        parser.nextToken();
        switch (field) {
          case "value" -> value = payload(parser, format, index, "value", body);
          case "key" -> key = payload(parser, format, index, "key", body);
          case "partition" -> partition = partition(parser, index, state);
          default -> throw RestError.badRequest("Cannot parse record " + index + ": unknown field '" + shortName(field)
              + "'; a record has value, key and partition");
        }
      }
      // A record without 'value' has a null value, as in Confluent's proxy.
      if (index < maxRecords) {
        state.records.add(new ProduceRecord(key, value, partition));
      }
    }
  }

  private byte[] payload(JsonParser parser, EmbeddedFormat format, int index, String field, byte[] body)
      throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (format == EmbeddedFormat.BINARY) {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        throw RestError.badRequest("Cannot parse record " + index + ": binary '" + field + "' must be a base64 string");
      }
      try {
        return Base64.getDecoder().decode(parser.getText());
      } catch (IllegalArgumentException e) {
        throw RestError.badRequest("Cannot parse record " + index + ": '" + field + "' is not valid base64");
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
      throw RestError.badRequest("Cannot parse request: malformed JSON: duplicate field '" + shortName(field) + "'");
    }
    seen.add(field);
    return field;
  }

  private static Integer partition(JsonParser parser, int index, State state) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
      throw RestError.badRequest("Cannot parse record " + index + ": 'partition' must be an integer");
    }
    int partition = parser.getIntValue();
    if (partition < 0) {
      state.unprocessable("Cannot produce record " + index + ": 'partition' must not be negative");
    }
    return partition;
  }

  private static RestError schemaRegistryNeeded(EmbeddedFormat format, boolean schemaGiven) {
    String why = "the " + format.formatName + " format needs a Schema Registry, and this gateway has none"
        + (schemaGiven ? " (the request names a schema)" : "")
        + "; post " + EmbeddedFormat.JSON.mediaType + " or " + EmbeddedFormat.BINARY.mediaType + " instead";
    return schemaGiven
        ? new RestError(422, RestErrorCodes.INVALID_PAYLOAD, "Payload error. Cannot produce " + format.formatName + ": " + why)
        : new RestError(422, RestErrorCodes.SERIALIZATION_ERROR,
            "Error serializing message. Cannot produce " + format.formatName + ": " + why);
  }

  private static String shortName(String field) {
    return field.length() > 64 ? field.substring(0, 64) + "..." : field;
  }

  private static String shortMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    message = cut < 0 ? message : message.substring(0, cut);
    return message.length() > 160 ? message.substring(0, 160) + "..." : message;
  }

  /** What one parse has found so far. */
  private static final class State {
    final List<ProduceRecord> records = new ArrayList<>();
    int count;
    boolean schemaGiven;
    /** The first rule the body breaks (422), reported only if the whole body parses (else 400 wins). */
    String unprocessable;

    void unprocessable(String message) {
      if (unprocessable == null) {
        unprocessable = message;
      }
    }
  }
}
