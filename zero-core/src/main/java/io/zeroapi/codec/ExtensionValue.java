package io.zeroapi.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A MessagePack extension value of a type other than the timestamp (-1), as untyped decoding
 * ({@code Object.class}) returns it; encoding it writes the same extension back.
 *
 * @param type the extension type, -128..127
 * @param data the extension's bytes
 */
public record ExtensionValue(byte type, byte[] data) {
  @Override
  public boolean equals(Object other) {
    return other instanceof ExtensionValue that && type == that.type && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ExtensionValue[type=" + type + ", data=" + HexFormat.of().formatHex(data) + "]";
  }
}
