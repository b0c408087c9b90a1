package io.zeroapi.codec;

/**
 * Allocation-light fast paths of {@link MsgpackCodec} for the commonest values: ASCII strings and
 * byte arrays. Each either produces exactly what the general path would, or gives up ({@code null})
 * and lets the general path (with its error messages) handle the input. It never throws on
 * malformed input: every length is checked against the bytes left before it is used.
 */
final class FastPaths {
  private FastPaths() {}

  /** The smallest str form of an ASCII string, or null if the string is not ASCII. */
  static byte[] encodeAsciiString(String s) {
    byte[] out = new byte[strSize(s.length())];
    return putAsciiString(out, 0, s) < 0 ? null : out;
  }

  /**
   * The string held by {@code data[offset, offset + length)} when it is exactly one ASCII str
   * (any str form); null for anything else, malformed input included.
   */
  static String decodeAsciiString(byte[] data, int offset, int length) {
    if (offset < 0 || length < 1 || offset > data.length - length) {
      return null;
    }
    int b = data[offset] & 0xff;
    int header;
    long n;
    if ((b & 0xe0) == 0xa0) {
      header = 1;
      n = b & 0x1f;
    } else if (b == 0xd9 && length >= 2) {
      header = 2;
      n = data[offset + 1] & 0xff;
    } else if (b == 0xda && length >= 3) {
      header = 3;
      n = u16(data, offset + 1);
    } else if (b == 0xdb && length >= 5) {
      header = 5;
      n = u32(data, offset + 1);
    } else {
      return null;
    }
    if (header + n != length) {
      return null; // truncated, or trailing bytes: the general path says which
    }
    int start = offset + header;
    int end = offset + length;
    for (int i = start; i < end; i++) {
      if (data[i] < 0) {
        return null;
      }
    }
    return ascii(data, start, (int) n);
  }

  /** The smallest bin form of {@code bytes}: bin8, bin16 or bin32. */
  static byte[] encodeBinary(byte[] bytes) {
    int n = bytes.length;
    int header = n < 256 ? 2 : n < 65536 ? 3 : 5;
    byte[] out = new byte[header + n];
    switch (header) {
      case 2 -> {
        out[0] = (byte) 0xc4;
        out[1] = (byte) n;
      }
      case 3 -> {
        out[0] = (byte) 0xc5;
        out[1] = (byte) (n >>> 8);
        out[2] = (byte) n;
      }
      default -> {
        out[0] = (byte) 0xc6;
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
      }
    }
    System.arraycopy(bytes, 0, out, header, n);
    return out;
  }

  /** Bytes of the smallest str form of an ASCII string of {@code n} chars. */
  private static int strSize(int n) {
    return (n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5) + n;
  }

  /** Writes an ASCII string in its smallest str form at {@code p}; the index after it, or -1 if not ASCII. */
  private static int putAsciiString(byte[] out, int p, String s) {
    int n = s.length();
    int header = strSize(n) - n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      out[p + header + i] = (byte) c;
    }
    switch (header) {
      case 1 -> out[p] = (byte) (0xa0 | n);
      case 2 -> {
        out[p] = (byte) 0xd9;
        out[p + 1] = (byte) n;
      }
      case 3 -> {
        out[p] = (byte) 0xda;
        out[p + 1] = (byte) (n >>> 8);
        out[p + 2] = (byte) n;
      }
      default -> {
        out[p] = (byte) 0xdb;
        out[p + 1] = (byte) (n >>> 24);
        out[p + 2] = (byte) (n >>> 16);
        out[p + 3] = (byte) (n >>> 8);
        out[p + 4] = (byte) n;
      }
    }
    return p + header + n;
  }

  private static String ascii(byte[] data, int at, int length) {
    return new String(data, at, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static int u16(byte[] d, int p) {
    return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }

  private static long u32(byte[] d, int p) {
    return ((long) (d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
  }
}
