package io.pinpipe.model.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal JSON writer for the raw records' flat objects, straight into a reusable UTF-8 byte
 * buffer. Escapes exactly as Jackson's generator does ({@code "}, {@code \}, control characters;
 * everything else as UTF-8, characters outside the BMP as 4-byte UTF-8 like Jackson's
 * {@code COMBINE_UNICODE_SURROGATES_IN_UTF8}), writes numbers with {@link Integer#toString} and {@link Double#toString},
 * and escapes an unpaired surrogate as {@code \\uXXXX} instead of failing. One per thread.
 */
final class Utf8JsonWriter {
  private static final ThreadLocal<Utf8JsonWriter> PER_THREAD = ThreadLocal.withInitial(Utf8JsonWriter::new);
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private byte[] buffer = new byte[1024];
  private int size;
  private boolean first;

  /** This thread's writer, emptied. */
  static Utf8JsonWriter get() {
    Utf8JsonWriter writer = PER_THREAD.get();
    writer.size = 0;
    if (writer.buffer.length > 1 << 20) {
      writer.buffer = new byte[1024]; // do not keep a huge buffer alive after one huge record
    }
    return writer;
  }

  /** {@code "name":} as bytes, for {@link #field}. */
  static byte[] name(String name) {
    return ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
  }

  void startObject() {
    ensure(1);
    buffer[size++] = '{';
    first = true;
  }

  void endObject() {
    ensure(1);
    buffer[size++] = '}';
  }

  void field(byte[] name) {
    ensure(name.length + 1);
    if (!first) {
      buffer[size++] = ',';
    }
    first = false;
    System.arraycopy(name, 0, buffer, size, name.length);
    size += name.length;
  }

  void nullValue() {
    raw(NULL);
  }

  void number(int value) {
    ascii(Integer.toString(value));
  }

  void number(double value) {
    ascii(Double.toString(value));
  }

  void string(String value) {
    int length = value.length();
    ensure(length * 6 + 2);
    byte[] out = buffer;
    int at = size;
    out[at++] = '"';
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          out[at++] = (byte) c;
        } else {
          at = escape(out, at, c);
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | (c >> 6));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        out[at++] = (byte) (0xF0 | (cp >> 18));
        out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        at = unicodeEscape(out, at, c);
      } else {
        out[at++] = (byte) (0xE0 | (c >> 12));
        out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out[at++] = '"';
    size = at;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private static int escape(byte[] out, int at, char c) {
    byte shortForm = switch (c) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '\n' -> 'n';
      case '\r' -> 'r';
      case '\t' -> 't';
      case '\b' -> 'b';
      case '\f' -> 'f';
      default -> 0;
    };
    if (shortForm != 0) {
      out[at++] = '\\';
      out[at++] = shortForm;
      return at;
    }
    return unicodeEscape(out, at, c);
  }

  private static int unicodeEscape(byte[] out, int at, char c) {
    out[at++] = '\\';
    out[at++] = 'u';
    out[at++] = HEX[(c >> 12) & 0xF];
    out[at++] = HEX[(c >> 8) & 0xF];
    out[at++] = HEX[(c >> 4) & 0xF];
    out[at++] = HEX[c & 0xF];
    return at;
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buffer[size++] = (byte) text.charAt(i);
    }
  }

  private void raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
