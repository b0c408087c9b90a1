package io.zeroapi.internal.tcp;

import io.zeroapi.ProtocolException;
import io.zeroapi.internal.MsgpackBytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request envelope of the raw TCP transport, as the Python original writes and reads it: the
 * MessagePack map {@code {"fn": name, "data": argument}}. The argument's bytes come from the codec
 * and are carried through untouched: the envelope is written around them and, on the server, only
 * delimited (skipped over), never decoded here.
 */
final class TcpEnvelope {
  private TcpEnvelope() {}

  /** The argument bytes of a call without argument: nil, as the original's client sends None. */
  static final byte[] NIL = {(byte) 0xc0};

  /** fixmap of 2, then fixstr "fn" */
  private static final byte[] MAP_FN = {(byte) 0x82, (byte) 0xa2, 'f', 'n'};
  /** fixstr "data" */
  private static final byte[] DATA = {(byte) 0xa4, 'd', 'a', 't', 'a'};
  /** fixstr "headers": the Java client's {@link io.zeroapi.internal.CallHeader}, which the original ignores. */
  private static final byte[] HEADERS = {(byte) 0xa7, 'h', 'e', 'a', 'd', 'e', 'r', 's'};

  /**
   * The envelope's bytes before the argument: {@code fixmap(2) "fn" <name> "data"}, so that the
   * envelope is this prefix followed by the argument's MessagePack bytes (written by the
   * transport without a copy into one array).
   */
  static byte[] prefix(String function) {
    byte[] name = function.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[MAP_FN.length + MsgpackBytes.strHeaderLength(name.length) + name.length + DATA.length];
    System.arraycopy(MAP_FN, 0, out, 0, MAP_FN.length);
    int p = MsgpackBytes.putStr(out, MAP_FN.length, name);
    System.arraycopy(DATA, 0, out, p, DATA.length);
    return out;
  }

  /**
   * The envelope's bytes before the argument for a call with a header: {@code fixmap(3) "fn" <name>
   * "headers" <header> "data"}. The original's server reads its requests with {@code .get("fn")}
   * and {@code .get("data")}, so the extra entry is harmless to it; only a server that said it
   * reads headers gets one all the same ({@link io.zeroapi.internal.HeaderNegotiation}).
   */
  static byte[] prefix(byte[] plainPrefix, byte[] header) {
    int beforeData = plainPrefix.length - DATA.length;
    byte[] out = new byte[plainPrefix.length + HEADERS.length + header.length];
    System.arraycopy(plainPrefix, 0, out, 0, beforeData);
    out[0] = (byte) 0x83;
    System.arraycopy(HEADERS, 0, out, beforeData, HEADERS.length);
    System.arraycopy(header, 0, out, beforeData + HEADERS.length, header.length);
    System.arraycopy(DATA, 0, out, beforeData + HEADERS.length + header.length, DATA.length);
    return out;
  }

  /**
   * A request envelope read by a {@link Reader}: the function name and where the argument's bytes
   * lie in the payload ({@code argumentLength == 0}: no {@code data} entry).
   */
  record Request(String function, int argumentOffset, int argumentLength) {}

  /** Where {@link Reader#read(byte[], Target)} puts what it read (so the hot path allocates nothing). */
  interface Target {
    void found(String function, int argumentOffset, int argumentLength);

    /** The envelope has a {@code "headers"} entry: its value's bytes (called before {@link #found}). */
    default void header(int offset, int length) {}
  }

  /**
   * Reads request envelopes. Thread-safe; it keeps a small cache of recently seen ASCII function
   * names so that a steady stream of calls does not allocate a String per call (racy by design:
   * Strings are immutable and safely published, a lost update only costs a miss).
   */
  static final class Reader {
    private final String[] names = new String[64];

    /**
     * Reads the envelope that fills {@code data} exactly. Follows the original's semantics: a
     * payload that is not a map is {@code Request must be a dict}; a missing, empty or non-string
     * {@code fn} is {@code Missing function name}; the last of repeated keys wins; other keys are
     * skipped. The argument is delimited, not decoded (the codec checks it). Costs no recursion:
     * hostile nesting cannot overflow the stack, and declared sizes are checked against the bytes
     * present before they are used.
     *
     * @throws ProtocolException with the original's texts, or {@code Malformed MessagePack request:
     *     ...} saying what is wrong
     */
    Request read(byte[] data) {
      Request[] read = new Request[1];
      read(data, (function, offset, length) -> read[0] = new Request(function, offset, length));
      return read[0];
    }

    /** As {@link #read(byte[])}, handing the result to {@code target} instead of a new object. */
    void read(byte[] data, Target target) {
      int end = data.length;
      if (end == 0) {
        throw malformed("Input data was truncated");
      }
      int first = data[0] & 0xff;
      int p;
      long entries;
      if ((first & 0xf0) == 0x80) {
        entries = first & 0x0f;
        p = 1;
      } else if (first == 0xde && end >= 3) {
        entries = MsgpackBytes.u16(data, 1);
        p = 3;
      } else if (first == 0xdf && end >= 5) {
        entries = MsgpackBytes.u32(data, 1);
        p = 5;
      } else if (first == 0xde || first == 0xdf) {
        throw malformed("Input data was truncated");
      } else if (first == 0xc1) {
        throw malformed("invalid byte 0xc1 (never used) at offset 0");
      } else {
        throw new ProtocolException("Request must be a dict");
      }
      if (entries * 2 > end - p) {
        throw malformed("declared length exceeds the input (Input data was truncated)");
      }
      String function = null;
      int argumentOffset = 0;
      int argumentLength = 0;
      for (long i = 0; i < entries; i++) {
        int keyLength = strLength(data, p, end);
        if (keyLength < 0) { // a key that is not a str: skip it and its value
          p = skip(data, p, end, 2);
          continue;
        }
        int keyAt = p + MsgpackBytes.strHeaderLength(data[p]);
        p = keyAt + keyLength;
        checkUtf8(data, keyAt, keyLength);
        if (keyLength == 2 && data[keyAt] == 'f' && data[keyAt + 1] == 'n') {
          int nameLength = strLength(data, p, end);
          if (nameLength < 0) {
            function = null; // a non-string fn counts as missing (the last fn wins)
            p = skip(data, p, end, 1);
          } else {
            int nameAt = p + MsgpackBytes.strHeaderLength(data[p]);
            function = name(data, nameAt, nameLength);
            p = nameAt + nameLength;
          }
        } else if (keyLength == 4 && data[keyAt] == 'd' && data[keyAt + 1] == 'a' && data[keyAt + 2] == 't'
            && data[keyAt + 3] == 'a') {
          argumentOffset = p;
          p = skip(data, p, end, 1);
          argumentLength = p - argumentOffset;
        } else if (keyLength == 7 && sameKey(data, keyAt, HEADERS)) {
          int headerAt = p;
          p = skip(data, p, end, 1);
          target.header(headerAt, p - headerAt);
        } else {
          p = skip(data, p, end, 1);
        }
      }
      if (p != end) {
        throw malformed("trailing bytes after the value at offset " + p);
      }
      if (function == null || function.isEmpty()) {
        throw new ProtocolException("Missing function name");
      }
      target.found(function, argumentLength == 0 ? end : argumentOffset, argumentLength);
    }

    private String name(byte[] data, int at, int length) {
      for (int i = at; i < at + length; i++) {
        if (data[i] < 0) {
          return utf8(data, at, length); // not ASCII: decoded strictly, not cached
        }
      }
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
      String name = new String(data, at, length, StandardCharsets.ISO_8859_1);
      names[slot] = name;
      return name;
    }
  }

  /** Whether the {@code fixstr.length - 1} bytes at {@code at} are those after {@code fixstr}'s header. */
  private static boolean sameKey(byte[] d, int at, byte[] fixstr) {
    for (int i = 1; i < fixstr.length; i++) {
      if (d[at + i - 1] != fixstr[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The length of the str whose header is at {@code p} (its bytes checked to be present), or -1
   * if the value there is not a str.
   */
  private static int strLength(byte[] d, int p, int end) {
    if (p >= end) {
      throw malformed("Input data was truncated");
    }
    int header = MsgpackBytes.strHeaderLength(d[p]);
    if (header == 0) {
      return -1;
    }
    if (p + header > end) {
      throw malformed("Input data was truncated");
    }
    long n = MsgpackBytes.strLength(d, p);
    if (n > end - p - header) {
      throw malformed("declared length exceeds the input (Input data was truncated)");
    }
    return (int) n;
  }

  private static void checkUtf8(byte[] d, int at, int length) {
    for (int i = at; i < at + length; i++) {
      if (d[i] < 0) {
        utf8(d, at, length);
        return;
      }
    }
  }

  private static String utf8(byte[] d, int at, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(d, at, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("invalid UTF-8 in a str at offset " + at);
    }
  }

  /**
   * Skips {@code count} values starting at {@code p}; returns the index after them. Iterative (a
   * counter of values still to skip, no recursion), and every declared length or count is checked
   * against the bytes left before it is used (each value takes at least one byte).
   */
  static int skip(byte[] d, int p, int end, long count) {
    while (count > 0) {
      if (p >= end) {
        throw malformed("Input data was truncated");
      }
      int b = d[p++] & 0xff;
      count--;
      long more = 0; // values inside a container
      long size = 0; // payload bytes to jump over
      if (b <= 0x7f || b >= 0xe0) {
        continue; // fixint
      } else if (b <= 0x8f) {
        more = 2L * (b & 0x0f);
      } else if (b <= 0x9f) {
        more = b & 0x0f;
      } else if (b <= 0xbf) {
        size = b & 0x1f;
      } else {
        int lengthBytes = switch (b) {
          case 0xc4, 0xd9, 0xc7 -> 1;
          case 0xc5, 0xda, 0xc8, 0xdc, 0xde -> 2;
          case 0xc6, 0xdb, 0xc9, 0xdd, 0xdf -> 4;
          default -> 0;
        };
        if (lengthBytes > end - p) {
          throw malformed("Input data was truncated");
        }
        long declared = lengthBytes == 1 ? d[p] & 0xff : lengthBytes == 2 ? MsgpackBytes.u16(d, p) : lengthBytes == 4 ? MsgpackBytes.u32(d, p) : 0;
        p += lengthBytes;
        switch (b) {
          case 0xc0, 0xc2, 0xc3 -> { }
          case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb -> size = declared;
          case 0xc7, 0xc8, 0xc9 -> size = declared + 1; // the type byte, then the data
          case 0xca -> size = 4;
          case 0xcb -> size = 8;
          case 0xcc, 0xd0 -> size = 1;
          case 0xcd, 0xd1 -> size = 2;
          case 0xce, 0xd2 -> size = 4;
          case 0xcf, 0xd3 -> size = 8;
          case 0xd4 -> size = 2; // fixext1..16: the type byte and the data
          case 0xd5 -> size = 3;
          case 0xd6 -> size = 5;
          case 0xd7 -> size = 9;
          case 0xd8 -> size = 17;
          case 0xdc, 0xdd -> more = declared;
          case 0xde, 0xdf -> more = 2 * declared;
          default -> throw malformed("invalid byte 0xc1 (never used) at offset " + (p - 1));
        }
      }
      if (size > end - p) {
        throw malformed("declared length exceeds the input (Input data was truncated)");
      }
      p += (int) size;
      count += more;
      if (count > end - p) {
        throw malformed("declared length exceeds the input (Input data was truncated)");
      }
    }
    return p;
  }

  private static ProtocolException malformed(String detail) {
    return new ProtocolException("Malformed MessagePack request: " + detail);
  }
}
