package io.pinpipe.model.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). Stateless. */
public final class Utf8 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** The offset of the first byte that breaks UTF-8, or -1 when all of {@code bytes} is valid. */
  public static int firstInvalidByte(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      // ASCII, the common case, eight bytes at a time
      while (i + Long.BYTES <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += Long.BYTES;
      }
      if (i == n) {
        break;
      }
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int start = i;
      int length;
      int min;
      int codePoint;
      if (b >= 0xC2 && b <= 0xDF) {
        length = 2;
        min = 0x80;
        codePoint = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        min = 0x800;
        codePoint = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        min = 0x10000;
        codePoint = b & 0x07;
      } else {
        return start;
      }
      if (start + length > n) {
        return start;
      }
      for (int k = 1; k < length; k++) {
        int next = bytes[start + k] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          return start;
        }
        codePoint = (codePoint << 6) | (next & 0x3F);
      }
      if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        return start;
      }
      i = start + length;
    }
    return -1;
  }
}
