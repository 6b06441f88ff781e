package io.pinpipe.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.clean.CleaningRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {
  private static final String SPEC_PIN =
      "{\"index\": 7528, \"unique_id\": \"fbe53c66-3442-4773-b19e-d3ec6f54dddf\", \"title\": \"No Title Data Available\", "
          + "\"description\": \"No description available Story format\", \"poster_name\": \"User Info Error\", "
          + "\"follower_count\": \"User Info Error\", \"tag_list\": \"N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e\", "
          + "\"is_image_or_video\": \"multi-video(story page format)\", \"image_src\": \"Image src error.\", "
          + "\"downloaded\": 0, \"save_location\": \"Local save in /data/mens-fashion\", \"category\": \"mens-fashion\"}";

  private final JsonCodec codec = JsonCodec.standard();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void decodesTheSpecExampleFieldByField() {
    RawPin pin = codec.decodePin("0a1d8948160f.pin", utf8(SPEC_PIN));

    assertThat(pin)
        .isEqualTo(
            new RawPin(
                7528,
                "fbe53c66-3442-4773-b19e-d3ec6f54dddf",
                "No Title Data Available",
                "No description available Story format",
                "User Info Error",
                "User Info Error",
                "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
                "multi-video(story page format)",
                "Image src error.",
                0,
                "Local save in /data/mens-fashion",
                "mens-fashion"));
  }

  @Test
  void encodingTheSpecExampleGivesTheSameJsonObjectInSpecFieldOrder() throws IOException {
    RawPin pin = codec.decodePin("p.pin", utf8(SPEC_PIN));

    byte[] encoded = codec.encode(pin);

    assertThat(mapper.readTree(encoded)).as("same JSON object").isEqualTo(mapper.readTree(SPEC_PIN));
    List<String> names = new ArrayList<>();
    mapper.readTree(encoded).fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "index", "unique_id", "title", "description", "poster_name", "follower_count", "tag_list",
            "is_image_or_video", "image_src", "downloaded", "save_location", "category");
    assertThat(codec.decodePin("p.pin", encoded)).as("round trip").isEqualTo(pin);
  }

  @Test
  void everyPlaceholderSurvivesARoundTripAsTheRawString() {
    for (String placeholder : CleaningRules.PLACEHOLDERS) {
      RawPin pin =
          new RawPin(1, placeholder, placeholder, placeholder, placeholder, placeholder, placeholder,
              placeholder, placeholder, 1, placeholder, placeholder);
      assertThat(codec.decodePin(null, codec.encode(pin))).as("placeholder %s", placeholder).isEqualTo(pin);
    }
  }

  @Test
  void geoAndUserRoundTripWithNullsAndHardText() {
    RawGeo geo = new RawGeo(12, "2020-08-28 03:52:47", -89.9787, 179.0, "Cote d'Ivoire");
    RawGeo noCoordinates = new RawGeo(13, null, null, null, "Holy See (Vatican City State)");
    RawUser user = new RawUser(12, "Zo\u00eb \uD83D\uDE0D", "O'Brien\n\"quoted\"", 20, "2015-10-21 00:00:00");
    RawUser empty = new RawUser(0, null, null, null, null);

    for (RawRecord record : List.of(geo, noCoordinates, user, empty)) {
      assertThat(codec.decode(record.type(), null, codec.encode(record))).isEqualTo(record);
    }
  }

  @Test
  void unknownFieldsAreSkippedNotErrors() {
    RawGeo geo =
        codec.decodeGeo(
            "p.geo",
            utf8("{\"extra\": {\"nested\": [1, {\"a\": \"b\"}]}, \"ind\": 3, \"country\": \"Maldives\", \"z\": null}"));

    assertThat(geo).isEqualTo(new RawGeo(3, null, null, null, "Maldives"));
  }

  @Test
  void integersAreAcceptedForCoordinates() {
    assertThat(codec.decodeGeo("g", utf8("{\"ind\": 1, \"latitude\": 45, \"longitude\": -7}")).latitude())
        .isEqualTo(45.0);
  }

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                JsonCodecTest.class.getResourceAsStream("malformed-records.tsv"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\t", 4);
        cases.add(
            Arguments.of(
                RecordType.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1], parts[2], utf8(parts[3])));
      }
    }
    // cases that a text file cannot hold
    cases.add(Arguments.of(RecordType.PIN, "title", "malformed JSON", bytes("{\"index\": 1, \"title\": \"", 0xC3, 0x28, "\"}")));
    cases.add(Arguments.of(RecordType.PIN, "title", "malformed JSON", bytes("{\"index\": 1, \"title\": \"", 0xFF, "\"}")));
    cases.add(Arguments.of(RecordType.PIN, "zz", "malformed JSON", bytes("{\"index\": 1, \"zz\": \"", 0xED, 0xA0, 0x80, "\"}")));
    cases.add(Arguments.of(RecordType.PIN, "title", "malformed JSON", bytes("{\"index\": 1, \"title\": \"tab", 0x09, "\"}")));
    cases.add(Arguments.of(RecordType.PIN, "title", "malformed JSON", bytes("{\"index\": 1, \"title\": \"nul", 0x00, "\"}")));
    cases.add(Arguments.of(RecordType.GEO, "$", "over the limit", utf8("{\"ind\": 1, \"country\": \"" + "x".repeat(10 << 20) + "\"}")));
    cases.add(Arguments.of(RecordType.USER, "x", "nesting depth", utf8("{\"ind\": 1, \"x\": " + "[".repeat(100) + "]".repeat(100) + "}")));
    cases.add(Arguments.of(RecordType.PIN, "$", "value is null", null));
    return cases.stream();
  }

  @Test
  void aRepeatedFieldTakesItsLastValueAsInSpark() {
    assertThat(codec.decodePin("p.pin", utf8("{\"index\": 1, \"title\": \"a\", \"index\": 2, \"title\": \"b\"}")))
        .satisfies(pin -> {
          assertThat(pin.index()).isEqualTo(2);
          assertThat(pin.title()).isEqualTo("b");
        });
  }

  @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
  @MethodSource("corpus")
  void malformedInputGivesANamedDecodeErrorCarryingTheBytes(
      RecordType type, String field, String reason, byte[] value) {
    assertThatThrownBy(() -> codec.decode(type, "pre." + type.suffix(), value))
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> {
              assertThat(e.topic()).isEqualTo("pre." + type.suffix());
              assertThat(e.field()).as("field").isEqualTo(field);
              assertThat(e.reason()).as("reason").contains(reason);
              assertThat(e.getMessage()).contains("pre." + type.suffix()).contains(field).hasSizeLessThan(600);
              assertThat(e.rawValue()).as("raw bytes kept").isEqualTo(value);
            });
  }

  @Test
  void theCorpusHasAtLeast25Cases() throws IOException {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(25);
  }

  @Test
  void aSmallerLimitRejectsValuesAboveIt() {
    JsonCodec small = JsonCodec.withMaxRecordBytes(64);
    byte[] big = utf8("{\"ind\": 1, \"country\": \"" + "y".repeat(100) + "\"}");

    assertThatThrownBy(() -> small.decodeGeo("g", big)).hasMessageContaining("over the limit of 64");
    assertThatThrownBy(() -> JsonCodec.withMaxRecordBytes(10)).hasMessageContaining("below 64");
  }

  @Test
  void encodedTextIsValidJsonWithNonBmpCharactersIntact() throws IOException {
    RawPin pin = new RawPin(2, "u", "Cute \uD83D\uDE0D\nline", "Trunc\u2026\u00A0", null, "5M", "a,b", "image", "x", 1, "Local save in /data/art", "art");

    JsonNode tree = mapper.readTree(codec.encode(pin));

    assertThat(tree.get("title").asText()).isEqualTo("Cute \uD83D\uDE0D\nline");
    assertThat(tree.get("poster_name").isNull()).isTrue();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(utf8(s));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }
}
