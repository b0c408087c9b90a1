package io.zeroapi.codec;

import io.zeroapi.codec.Codec.RequestEnvelope;

/**
 * Allocation-light fast paths of {@link MsgpackCodec} for the common shapes of the hot path: the
 * request envelope {@code {"fn": <ascii str>, "data": <any>}} and ASCII string results. Each one
 * either produces exactly what the general path would, or gives up ({@code null}) and lets the
 * general path (with its error messages) handle the input. It never throws on malformed input:
 * every length is checked against the bytes left before it is used, nesting is bounded, and
 * anything it does not fully understand makes it give up.
 */
final class EnvelopeFastPath {
  private EnvelopeFastPath() {}

  /** Deepest nesting the fast skipper follows before giving up (the general path then decides). */
  private static final int MAX_FAST_DEPTH = 32;

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

  /** {@code {"fn": function, "data": argument}} for an ASCII name and a nil or ASCII str argument. */
  static byte[] encodeRequest(String function, Object argument) {
    int argumentSize;
    if (argument == null) {
      argumentSize = 1;
    } else if (argument instanceof String s) {
      argumentSize = strSize(s.length());
    } else {
      return null;
    }
    byte[] out = new byte[ENVELOPE_FN.length + strSize(function.length()) + ENVELOPE_DATA.length + argumentSize];
    System.arraycopy(ENVELOPE_FN, 0, out, 0, ENVELOPE_FN.length);
    int p = putAsciiString(out, ENVELOPE_FN.length, function);
    if (p < 0) {
      return null;
    }
    System.arraycopy(ENVELOPE_DATA, 0, out, p, ENVELOPE_DATA.length);
    p += ENVELOPE_DATA.length;
    if (argument == null) {
      out[p] = (byte) 0xc0;
    } else if (putAsciiString(out, p, (String) argument) < 0) {
      return null;
    }
    return out;
  }

  /** map of 2, then "fn" */
  private static final byte[] ENVELOPE_FN = {(byte) 0x82, (byte) 0xa2, 'f', 'n'};
  private static final byte[] ENVELOPE_DATA = {(byte) 0xa4, 'd', 'a', 't', 'a'};

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

  /**
   * Reads an envelope whose keys are all fixstr, whose {@code fn} (if present) is an ASCII fixstr
   * or str8, and which has no trailing bytes. Returns null for anything else, including every
   * malformed or suspicious input, and for a missing or empty function name.
   */
  static RequestEnvelope decodeRequest(byte[] data, int offset, int length, int maxDepth) {
    return decodeRequest(data, offset, length, maxDepth, null);
  }

  /**
   * As above; {@code names} (a power-of-two sized array, or null) caches recently seen function
   * names so that a steady stream of calls does not allocate a new String per call. Racy by design:
   * Strings are immutable and safely published, a lost update only costs a miss.
   */
  static RequestEnvelope decodeRequest(byte[] data, int offset, int length, int maxDepth, String[] names) {
    if (offset < 0 || length < 1 || offset > data.length - length) {
      return null;
    }
    int end = offset + length;
    int p = offset;
    int first = data[p++] & 0xff;
    if ((first & 0xf0) != 0x80) {
      return null; // not a fixmap
    }
    int n = first & 0x0f;
    if (n * 2L > end - p) {
      return null;
    }
    String function = null;
    int argumentOffset = 0;
    int argumentLength = 0;
    for (int i = 0; i < n; i++) {
      if (p >= end) {
        return null;
      }
      int k = data[p++] & 0xff;
      if ((k & 0xe0) != 0xa0) {
        return null; // a key that is not a fixstr
      }
      int keyLength = k & 0x1f;
      if (keyLength > end - p) {
        return null;
      }
      int keyAt = p;
      p += keyLength;
      for (int j = keyAt; j < p; j++) {
        if (data[j] < 0) {
          return null; // non-ASCII key: the general path checks UTF-8 strictly
        }
      }
      if (p >= end) {
        return null;
      }
      if (keyLength == 2 && data[keyAt] == 'f' && data[keyAt + 1] == 'n') {
        int v = data[p] & 0xff;
        int strLength;
        int strAt;
        if ((v & 0xe0) == 0xa0) {
          strLength = v & 0x1f;
          strAt = p + 1;
        } else if (v == 0xd9 && p + 1 < end) {
          strLength = data[p + 1] & 0xff;
          strAt = p + 2;
        } else {
          return null; // longer or non-string names: general path
        }
        if (strLength > end - strAt) {
          return null;
        }
        for (int j = strAt; j < strAt + strLength; j++) {
          if (data[j] < 0) {
            return null; // non-ASCII: the general path checks UTF-8 strictly
          }
        }
        function = names == null ? ascii(data, strAt, strLength) : cachedName(names, data, strAt, strLength);
        p = strAt + strLength;
      } else {
        int valueAt = p;
        p = skip(data, p, end, 0, Math.min(maxDepth, MAX_FAST_DEPTH));
        if (p < 0) {
          return null;
        }
        if (keyLength == 4 && data[keyAt] == 'd' && data[keyAt + 1] == 'a' && data[keyAt + 2] == 't'
            && data[keyAt + 3] == 'a') {
          argumentOffset = valueAt;
          argumentLength = p - valueAt;
        }
      }
    }
    if (p != end || function == null || function.isEmpty()) {
      return null;
    }
    if (argumentLength == 0) {
      argumentOffset = end;
    }
    return new RequestEnvelope(function, argumentOffset, argumentLength);
  }

  private static String ascii(byte[] data, int at, int length) {
    return new String(data, at, length, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static String cachedName(String[] names, byte[] data, int at, int length) {
    int h = length;
    for (int i = at; i < at + length; i++) {
      h = 31 * h + data[i];
    }
    h ^= h >>> 16;
    int slot = h & (names.length - 1);
    String cached = names[slot];
    if (cached != null && cached.length() == length) {
      boolean same = true;
      for (int i = 0; i < length; i++) {
        if (cached.charAt(i) != data[at + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        return cached;
      }
    }
    String name = ascii(data, at, length);
    names[slot] = name;
    return name;
  }

  /**
   * Skips one value starting at {@code p}; returns the index after it, or -1 to give up
   * (truncation, a length beyond the input, the reserved byte 0xc1, nesting deeper than {@code
   * maxDepth}).
   */
  private static int skip(byte[] d, int p, int end, int depth, int maxDepth) {
    if (p >= end) {
      return -1;
    }
    int b = d[p++] & 0xff;
    long size; // payload bytes to skip
    if (b <= 0x7f || b >= 0xe0) {
      return p; // fixint
    } else if (b <= 0x8f) {
      return skipContainer(d, p, end, depth, maxDepth, b & 0x0f, 2);
    } else if (b <= 0x9f) {
      return skipContainer(d, p, end, depth, maxDepth, b & 0x0f, 1);
    } else if (b <= 0xbf) {
      size = b & 0x1f;
      return advance(p, size, end);
    }
    switch (b) {
      case 0xc0, 0xc2, 0xc3:
        return p;
      case 0xc4, 0xd9: // bin8, str8
        if (p + 1 > end) return -1;
        size = d[p] & 0xff;
        return advance(p + 1, size, end);
      case 0xc5, 0xda: // bin16, str16
        if (p + 2 > end) return -1;
        size = u16(d, p);
        return advance(p + 2, size, end);
      case 0xc6, 0xdb: // bin32, str32
        if (p + 4 > end) return -1;
        size = u32(d, p);
        return advance(p + 4, size, end);
      case 0xc7: // ext8
        if (p + 2 > end) return -1;
        return advance(p + 2, d[p] & 0xff, end);
      case 0xc8: // ext16
        if (p + 3 > end) return -1;
        return advance(p + 3, u16(d, p), end);
      case 0xc9: // ext32
        if (p + 5 > end) return -1;
        return advance(p + 5, u32(d, p), end);
      case 0xca: return advance(p, 4, end); // float32
      case 0xcb: return advance(p, 8, end); // float64
      case 0xcc, 0xd0: return advance(p, 1, end);
      case 0xcd, 0xd1: return advance(p, 2, end);
      case 0xce, 0xd2: return advance(p, 4, end);
      case 0xcf, 0xd3: return advance(p, 8, end);
      case 0xd4: return advance(p, 2, end); // fixext1
      case 0xd5: return advance(p, 3, end);
      case 0xd6: return advance(p, 5, end);
      case 0xd7: return advance(p, 9, end);
      case 0xd8: return advance(p, 17, end);
      case 0xdc: // array16
        if (p + 2 > end) return -1;
        return skipContainer(d, p + 2, end, depth, maxDepth, u16(d, p), 1);
      case 0xdd: // array32
        if (p + 4 > end) return -1;
        return skipContainer(d, p + 4, end, depth, maxDepth, u32(d, p), 1);
      case 0xde: // map16
        if (p + 2 > end) return -1;
        return skipContainer(d, p + 2, end, depth, maxDepth, u16(d, p), 2);
      case 0xdf: // map32
        if (p + 4 > end) return -1;
        return skipContainer(d, p + 4, end, depth, maxDepth, u32(d, p), 2);
      default: // 0xc1: never used
        return -1;
    }
  }

  private static int skipContainer(
      byte[] d, int p, int end, int depth, int maxDepth, long entries, int valuesEach) {
    if (depth + 1 > maxDepth || entries * valuesEach > end - p) {
      return -1;
    }
    long values = entries * valuesEach;
    for (long i = 0; i < values; i++) {
      p = skip(d, p, end, depth + 1, maxDepth);
      if (p < 0) {
        return -1;
      }
    }
    return p;
  }

  private static int advance(int p, long size, int end) {
    return size <= end - p ? (int) (p + size) : -1;
  }

  private static int u16(byte[] d, int p) {
    return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }

  private static long u32(byte[] d, int p) {
    return ((long) (d[p] & 0xff) << 24) | ((d[p + 1] & 0xff) << 16) | ((d[p + 2] & 0xff) << 8) | (d[p + 3] & 0xff);
  }
}
