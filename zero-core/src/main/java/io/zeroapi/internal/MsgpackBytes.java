package io.zeroapi.internal;

/**
 * The few MessagePack forms the protocol itself writes and reads around the codec's values (str
 * headers of error replies and of the TCP envelope, big-endian lengths), byte by byte.
 */
public final class MsgpackBytes {
  private MsgpackBytes() {}

  /** Bytes of the header of a str whose first byte is {@code first}; 0 if it is not a str. */
  public static int strHeaderLength(byte first) {
    int b = first & 0xff;
    if ((b & 0xe0) == 0xa0) {
      return 1;
    }
    return switch (b) {
      case 0xd9 -> 2;
      case 0xda -> 3;
      case 0xdb -> 5;
      default -> 0;
    };
  }

  /** Bytes of the smallest str header for {@code n} bytes of UTF-8. */
  public static int strHeaderLength(int n) {
    return n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
  }

  /** The byte count declared by the str header at {@code p} (whose bytes must be present). */
  public static long strLength(byte[] d, int p) {
    int b = d[p] & 0xff;
    return switch (strHeaderLength(d[p])) {
      case 1 -> b & 0x1f;
      case 2 -> d[p + 1] & 0xff;
      case 3 -> u16(d, p + 1);
      default -> u32(d, p + 1);
    };
  }

  /** Writes {@code utf8} as a str in its smallest form at {@code p}; returns the index after it. */
  public static int putStr(byte[] out, int p, byte[] utf8) {
    int n = utf8.length;
    switch (strHeaderLength(n)) {
      case 1 -> out[p++] = (byte) (0xa0 | n);
      case 2 -> {
        out[p++] = (byte) 0xd9;
        out[p++] = (byte) n;
      }
      case 3 -> {
        out[p++] = (byte) 0xda;
        out[p++] = (byte) (n >>> 8);
        out[p++] = (byte) n;
      }
      default -> {
        out[p++] = (byte) 0xdb;
        out[p++] = (byte) (n >>> 24);
        out[p++] = (byte) (n >>> 16);
        out[p++] = (byte) (n >>> 8);
        out[p++] = (byte) n;
      }
    }
    System.arraycopy(utf8, 0, out, p, n);
    return p + n;
  }

  /** Big-endian unsigned 16 bits at {@code p}. */
  public static int u16(byte[] d, int p) {
    return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }

  /** Big-endian unsigned 32 bits at {@code p}. */
  public static long u32(byte[] d, int p) {
    return ((long) (d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
  }
}
