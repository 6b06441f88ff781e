package io.pinpipe.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.model.json.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProduceRequestParserTest {
  private final ProduceRequestParser parser = new ProduceRequestParser(1 << 20, 100);

  @Test
  void jsonValuesAndKeysAreTheirExactBytesInTheRequest() {
    String body = "{\"records\": [ {\"key\": 7528, \"value\": {\"index\": 7528, \"title\": \"caf\u00e9 \\\"q\\\" \uD83D\uDE0D\", \"n\": [1, 2.5, null]}},"
        + " {\"value\": \"text\"}, {\"value\": 12.5e3, \"partition\": 1}, {\"value\": true}, {\"value\": null} ] }";

    List<ProduceRecord> records = parser.parse(body.getBytes(StandardCharsets.UTF_8), EmbeddedFormat.JSON);

    assertThat(records).hasSize(5);
    assertThat(text(records.get(0).key())).isEqualTo("7528");
    assertThat(text(records.get(0).value()))
        .isEqualTo("{\"index\": 7528, \"title\": \"caf\u00e9 \\\"q\\\" \uD83D\uDE0D\", \"n\": [1, 2.5, null]}");
    assertThat(text(records.get(1).value())).isEqualTo("\"text\"");
    assertThat(text(records.get(2).value())).isEqualTo("12.5e3");
    assertThat(records.get(2).partition()).isEqualTo(1);
    assertThat(text(records.get(3).value())).isEqualTo("true");
    assertThat(records.get(4).value()).isNull();
  }

  @Test
  void invalidUtf8AnywhereIsRejectedWithItsOffset() {
    for (byte[] bad : new byte[][] {{(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}}) {
      byte[] prefix = "{\"records\":[{\"value\":\"".getBytes(StandardCharsets.US_ASCII);
      byte[] body = new byte[prefix.length + bad.length + 4];
      System.arraycopy(prefix, 0, body, 0, prefix.length);
      System.arraycopy(bad, 0, body, prefix.length, bad.length);
      System.arraycopy("\"}]}".getBytes(StandardCharsets.US_ASCII), 0, body, prefix.length + bad.length, 4);
      assertThatThrownBy(() -> parser.parse(body, EmbeddedFormat.JSON))
          .hasMessageContaining("invalid UTF-8 at byte " + prefix.length);
    }
    assertThat(Utf8.firstInvalidByte("ok \u00e9\u20ac\uD83D\uDE0D".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
  }

  @Test
  void aRecordWithoutValueHasANullValueAsInConfluent() {
    List<ProduceRecord> records = parser.parse("{\"records\":[{\"key\":1}]}".getBytes(StandardCharsets.UTF_8), EmbeddedFormat.JSON);

    assertThat(records).hasSize(1);
    assertThat(text(records.get(0).key())).isEqualTo("1");
    assertThat(records.get(0).value()).isNull();
  }

  @Test
  void malformedOrMisShapedJsonIs400AndARuleBreakingBodyIs422() {
    assertError("{\"records\": [", 400, 400);
    assertError("{\"records\":{}}", 400, 400);
    assertError("{\"records\":[{\"value\":1,\"other\":2}]}", 400, 400);
    assertError("", 422, 422);
    assertError("{}", 422, 422);
    assertError("{\"records\":[]}", 422, 422);
    assertError("{\"records\":[{\"value\":1,\"partition\":-1}]}", 422, 422);
    // a later syntax error wins over an earlier broken rule, as when Jackson parses before validation
    assertError("{\"records\":[{\"value\":1,\"partition\":-1}", 400, 400);
  }

  @Test
  void schemadFormatsAreRefusedNamingTheFormatAndTheSchemaRegistry() {
    byte[] plain = "{\"records\":[{\"value\":{\"a\":1}}]}".getBytes(StandardCharsets.UTF_8);
    byte[] withSchema = "{\"value_schema_id\":3,\"records\":[{\"value\":{\"a\":1}}]}".getBytes(StandardCharsets.UTF_8);
    for (EmbeddedFormat format : List.of(EmbeddedFormat.AVRO, EmbeddedFormat.JSONSCHEMA, EmbeddedFormat.PROTOBUF)) {
      assertThatThrownBy(() -> parser.parse(plain, format))
          .isInstanceOfSatisfying(RestError.class, e -> {
            assertThat(e.status).isEqualTo(422);
            assertThat(e.errorCode).isEqualTo(RestErrorCodes.SERIALIZATION_ERROR);
          })
          .hasMessageContaining(format.formatName).hasMessageContaining("Schema Registry");
      assertThatThrownBy(() -> parser.parse(withSchema, format))
          .isInstanceOfSatisfying(RestError.class, e -> assertThat(e.errorCode).isEqualTo(RestErrorCodes.INVALID_PAYLOAD));
    }
  }

  private void assertError(String body, int status, int errorCode) {
    assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8), EmbeddedFormat.JSON))
        .as(body)
        .isInstanceOfSatisfying(RestError.class, e -> {
          assertThat(e.status).as(body).isEqualTo(status);
          assertThat(e.errorCode).as(body).isEqualTo(errorCode);
        });
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
