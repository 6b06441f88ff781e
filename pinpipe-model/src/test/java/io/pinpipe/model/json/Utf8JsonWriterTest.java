package io.pinpipe.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast writer must write exactly what Jackson's generator writes with
 * COMBINE_UNICODE_SURROGATES_IN_UTF8 (characters outside the BMP as 4-byte UTF-8, not escaped pairs).
 */
class Utf8JsonWriterTest {
  private static final List<String> HARD = List.of(
      "", "plain", "quote \" backslash \\ slash /", "controls \u0000\u0001\u001f\b\f\n\r\t", "caf\u00e9 \u00a9",
      "\u2026\u00a0 \u2028", "emoji \uD83D\uDE0D\uD83C\uDF84", "\u5bb6\u30a4\u30f3\u30c6\u30ea\u30a2", "del \u007f");

  @Test
  void stringsAreWrittenByteForByteAsJacksonDoes() throws Exception {
    for (String text : HARD) {
      Utf8JsonWriter writer = Utf8JsonWriter.get();
      writer.string(text);
      assertThat(writer.toByteArray()).as(text).isEqualTo(jackson(text));
    }
  }

  @Test
  void numbersAreWrittenAsJacksonDoes() throws Exception {
    for (double d : new double[] {0.0, -0.0, 1.5, -45.8508, 1e-7, 123456789.125, 90.0, -180.0, Double.MIN_VALUE}) {
      Utf8JsonWriter writer = Utf8JsonWriter.get();
      writer.number(d);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator gen = new JsonFactory().createGenerator(out)) {
        gen.writeNumber(d);
      }
      assertThat(writer.toByteArray()).as(Double.toString(d)).isEqualTo(out.toByteArray());
    }
  }

  @Test
  void anUnpairedSurrogateIsEscapedNotLost() throws Exception {
    RawGeo geo = new RawGeo(1, null, null, null, "bad \uD800 pair");
    byte[] encoded = JsonCodec.standard().encode(geo);
    assertThat(new String(encoded, java.nio.charset.StandardCharsets.UTF_8)).contains("bad \\uD800 pair");
    assertThat(JsonCodec.standard().decodeGeo("g", encoded)).isEqualTo(geo);
  }

  @Test
  void generatedRecordsEncodeToTheSameJsonObjectAsADatabindMap() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    PostGenerator generator = PostGenerator.withSeed(77);
    for (int i = 0; i < 2_000; i++) {
      for (RecordType type : RecordType.values()) {
        byte[] ours = JsonCodec.standard().encode(generator.row(i).record(type));
        assertThat(mapper.readTree(ours)).isEqualTo(mapper.readTree(mapper.writeValueAsBytes(mapper.readTree(ours))));
        assertThat(JsonCodec.standard().decode(type, null, ours)).isEqualTo(generator.row(i).record(type));
      }
    }
    RawPin pin = generator.row(3).pin();
    assertThat(mapper.readTree(JsonCodec.standard().encode(pin)).get("title").asText()).isEqualTo(pin.title());
  }

  private static byte[] jackson(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonFactory factory = JsonFactory.builder()
        .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    try (JsonGenerator gen = factory.createGenerator(out)) {
      gen.writeString(text);
    }
    return out.toByteArray();
  }
}
