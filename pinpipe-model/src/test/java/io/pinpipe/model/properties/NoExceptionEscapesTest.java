package io.pinpipe.model.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.clean.CleaningException;
import io.pinpipe.model.clean.CleaningRules;
import io.pinpipe.model.clean.RowCleaner;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests over seeded random input (reproducible: a failure names its seed and case):
 * whatever bytes or values arrive, the codec and the cleaning rules give a result or a named error
 * (DecodeException, CleaningException); no other exception escapes.
 */
class NoExceptionEscapesTest {
  private static final int CASES = 20_000;
  private static final PostGenerator GENERATOR = PostGenerator.withSeed(1);
  private static final String COUNT_CHARS = "0123456789.kM -eK,";
  private static final String TIME_CHARS = "0123456789-: T";

  private final JsonCodec codec = JsonCodec.standard();

  @Test
  void anyBytesDecodeOrFailWithANamedError() {
    Random random = new Random(101);
    for (int i = 0; i < CASES; i++) {
      byte[] value = new byte[random.nextInt(64)];
      random.nextBytes(value);
      decodeOrNamedError(type(random), value, "case " + i);
    }
  }

  @Test
  void mutatedRecordsDecodeOrFailWithANamedError() {
    Random random = new Random(102);
    for (int i = 0; i < CASES; i++) {
      RecordType type = type(random);
      byte[] value = codec.encode(GENERATOR.row(random.nextInt(GENERATOR.rows())).record(type));
      switch (random.nextInt(3)) {
        case 0 -> value = Arrays.copyOf(value, random.nextInt(value.length + 1));
        case 1 -> value[random.nextInt(value.length)] = (byte) random.nextInt(256);
        default -> value = (new String(value, StandardCharsets.UTF_8) + text(random, "{}[]\":,0123456789tnfalsenul", 6))
            .getBytes(StandardCharsets.UTF_8);
      }
      decodeOrNamedError(type, value, "case " + i + ": " + new String(value, StandardCharsets.UTF_8));
    }
  }

  @Test
  void anyFollowerCountParsesToItsExactValueOrIsABadFollowerCount() {
    Random random = new Random(103);
    int parsed = 0;
    for (int i = 0; i < CASES; i++) {
      String raw = followerCount(random);
      try {
        Long value = CleaningRules.parseFollowerCount(raw);
        if (value != null) {
          parsed++;
          assertThat(raw).as(raw).matches(CleaningRules.FOLLOWER_COUNT_REGEX);
          boolean scaled = raw.endsWith("k") || raw.endsWith("M");
          BigDecimal expected = scaled
              ? new BigDecimal(raw.substring(0, raw.length() - 1)).multiply(BigDecimal.valueOf(raw.endsWith("k") ? 1_000 : 1_000_000))
              : new BigDecimal(raw);
          assertThat(BigDecimal.valueOf(value)).as(raw).isEqualByComparingTo(expected);
        }
      } catch (CleaningException e) {
        assertThat(e.reason().code()).as(raw).isEqualTo("bad_follower_count");
      }
    }
    assertThat(parsed).as("the generator reaches valid counts too").isGreaterThan(CASES / 20);
  }

  @Test
  void anyRawRowCleansOrIsQuarantinedWithAReason() {
    Random random = new Random(104);
    for (int i = 0; i < CASES; i++) {
      String text = random.nextInt(4) == 0 ? pick(random, CleaningRules.PLACEHOLDERS) : text(random, null, 20);
      String timestamp = random.nextInt(3) == 0 ? "2020-0" + (1 + random.nextInt(9)) + "-" + (10 + random.nextInt(25)) + " 12:00:00"
          : text(random, TIME_CHARS, 21);
      Double latitude = random.nextInt(10) == 0 ? null : (random.nextDouble() - 0.5) * 400;
      Double longitude = random.nextInt(10) == 0 ? null : random.nextBoolean() ? Double.NaN : (random.nextDouble() - 0.5) * 800;
      Integer age = random.nextInt(10) == 0 ? null : random.nextInt(200) - 50;
      int ind = random.nextInt();
      cleanOrNamedError(new RawPin(ind, text, text, text, text, followerCount(random), text, text, text, 1, text, text));
      cleanOrNamedError(new RawGeo(ind, timestamp, latitude, longitude, text));
      cleanOrNamedError(new RawUser(ind, text, text, age, timestamp));
    }
  }

  private void decodeOrNamedError(RecordType type, byte[] value, String what) {
    try {
      RawRecord record = codec.decode(type, "p." + type.suffix(), value);
      assertThat(record.type()).as(what).isEqualTo(type);
    } catch (DecodeException e) {
      assertThat(e.topic()).as(what).isEqualTo("p." + type.suffix());
      assertThat(e.field()).as(what).isNotBlank();
      assertThat(e.reason()).as(what).isNotBlank();
    }
  }

  private static void cleanOrNamedError(RawRecord raw) {
    try {
      Object clean = raw instanceof RawPin pin ? RowCleaner.cleanPin(pin)
          : raw instanceof RawGeo geo ? RowCleaner.cleanGeo(geo) : RowCleaner.cleanUser((RawUser) raw);
      assertThat(clean).as(raw.toString()).isNotNull();
    } catch (CleaningException e) {
      assertThat(e.field()).as(raw.toString()).isNotBlank();
      assertThat(e.getMessage()).as(raw.toString()).contains(e.reason().code());
    }
  }

  private static String followerCount(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(1_000_000) + (random.nextBoolean() ? "" : random.nextBoolean() ? "k" : "M");
      case 1 -> random.nextInt(100) + "." + random.nextInt(10_000_000) + (random.nextBoolean() ? "k" : "M");
      case 2 -> pick(random, CleaningRules.PLACEHOLDERS);
      case 3 -> text(random, "0123456789", 22);
      default -> text(random, COUNT_CHARS, 12);
    };
  }

  /** Random text from {@code chars}, or any characters (surrogates and controls included) when null. */
  private static String text(Random random, String chars, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(chars == null ? (char) random.nextInt(0x10000) : chars.charAt(random.nextInt(chars.length())));
    }
    return out.toString();
  }

  private static RecordType type(Random random) {
    return RecordType.values()[random.nextInt(3)];
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
