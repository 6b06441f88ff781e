package io.pinpipe.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8#firstInvalidByte} against the JDK's strict UTF-8 decoder, on ASCII runs with faults at every alignment. */
class Utf8Test {
  @Test
  void validTextOfEveryWidthIsValid() {
    String text = "plain ASCII long enough for words, é ß, € 中文, 😀 and more ASCII after it";
    assertThat(Utf8.firstInvalidByte(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(Utf8.firstInvalidByte(new byte[0])).isEqualTo(-1);
  }

  @Test
  void theFirstBadByteIsFoundAtEveryPositionInALongAsciiRun() {
    for (int length = 1; length <= 40; length++) {
      for (int at = 0; at < length; at++) {
        for (int bad : new int[] {0x80, 0xC0, 0xFF, 0xED}) {
          byte[] bytes = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
          bytes[at] = (byte) bad;
          assertThat(Utf8.firstInvalidByte(bytes)).as("length %d, 0x%X at %d", length, bad, at).isEqualTo(at);
        }
      }
    }
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomMostlyAsciiBytes() {
    Random random = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      byte[] bytes = new byte[random.nextInt(48)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = (byte) (random.nextInt(20) == 0 ? random.nextInt(256) : 'a' + random.nextInt(26));
      }
      assertThat(Utf8.firstInvalidByte(bytes)).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(jdk(bytes));
    }
  }

  /** The offset where the JDK's decoder (REPORT on malformed input) stops, or -1. */
  private static int jdk(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 2);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    return decoder.flush(out).isError() ? in.position() : -1;
  }
}
