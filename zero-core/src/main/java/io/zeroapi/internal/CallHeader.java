package io.zeroapi.internal;

import io.zeroapi.Metadata;
import io.zeroapi.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * What a Java client sends with a call besides its argument, and only to a server that reads it
 * (the original has no such thing; docs/metadata.md): the MessagePack map {@code {"timeout":
 * <milliseconds the caller still waits>, "meta": {<key>: <value>, ...}}}, either entry left out
 * when empty. The raw TCP transport carries it as the envelope's {@code "headers"} entry, ZeroMQ
 * as a second frame after the request. Unknown entries are skipped, so later versions may add some.
 */
public final class CallHeader {
  /** The version of the header format this side reads and writes. */
  public static final int VERSION = 1;

  /** Longest header accepted, in bytes (the metadata limits keep a valid one far below). */
  public static final int MAX_BYTES = 64 * 1024;

  private static final byte[] TIMEOUT = {(byte) 0xa7, 't', 'i', 'm', 'e', 'o', 'u', 't'};
  private static final byte[] META = {(byte) 0xa4, 'm', 'e', 't', 'a'};

  private final long timeoutMillis;
  private final Metadata metadata;

  private CallHeader(long timeoutMillis, Metadata metadata) {
    this.timeoutMillis = timeoutMillis;
    this.metadata = metadata;
  }

  /** The caller's remaining wait in milliseconds when it sent the call; 0: none given. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** The call's metadata (empty when none). */
  public Metadata metadata() {
    return metadata;
  }

  /**
   * The header's bytes, or {@code null} when there is nothing to send.
   *
   * @param timeoutMillis the caller's remaining wait, or 0 to send none
   */
  public static byte[] encode(long timeoutMillis, Metadata metadata) {
    boolean meta = !metadata.isEmpty();
    if (timeoutMillis <= 0 && !meta) {
      return null;
    }
    Growing out = new Growing(meta ? 64 : 16);
    out.put((byte) (0x80 | ((timeoutMillis > 0 ? 1 : 0) + (meta ? 1 : 0))));
    if (timeoutMillis > 0) {
      out.put(TIMEOUT);
      out.uint(timeoutMillis);
    }
    if (meta) {
      out.put(META);
      out.mapHeader(metadata.asMap().size());
      for (Map.Entry<String, String> e : metadata.asMap().entrySet()) {
        out.str(e.getKey());
        out.str(e.getValue());
      }
    }
    return out.toArray();
  }

  /**
   * Reads a header: a map whose {@code timeout} is a non-negative integer and whose {@code meta}
   * is a map of strings that keep {@link Metadata}'s rules; other entries are skipped. Every
   * declared length is checked against the bytes present before it is used.
   *
   * @throws ProtocolException saying what is wrong, for a header that breaks these rules
   */
  public static CallHeader parse(byte[] data, int offset, int length) {
    if (length > MAX_BYTES) {
      throw malformed("it is " + length + " bytes, over " + MAX_BYTES);
    }
    CallHeader simple = simple(data, offset, length);
    if (simple != null) {
      return simple;
    }
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(data, offset, length)) {
      if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.MAP) {
        throw malformed("not a map");
      }
      int entries = in.unpackMapHeader();
      long timeout = 0;
      Metadata metadata = Metadata.empty();
      for (int i = 0; i < entries; i++) {
        if (in.getNextFormat().getValueType() != ValueType.STRING) {
          in.skipValue(2); // iterative, and every value it reads takes input bytes
          continue;
        }
        int keyLength = in.unpackRawStringHeader();
        if (keyLength < 0 || keyLength > length) {
          throw malformed("a str declares " + Integer.toUnsignedString(keyLength) + " bytes; the header has " + length);
        }
        byte[] key = in.readPayload(keyLength); // compared as bytes: unknown keys are never decoded
        if (isKey(key, TIMEOUT)) {
          MessageFormat format = in.getNextFormat();
          if (format.getValueType() != ValueType.INTEGER) {
            throw malformed("`timeout` is not an integer");
          }
          long value = in.unpackLong(); // over a long: an overflow exception, refused below
          if (value < 0) {
            throw malformed("`timeout` is negative or too large");
          }
          timeout = value;
        } else if (isKey(key, META)) {
          metadata = readMetadata(in, length);
        } else {
          in.skipValue();
        }
      }
      if (in.hasNext()) {
        throw malformed("bytes after the map");
      }
      return new CallHeader(timeout, metadata);
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw malformed(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * What Java clients send with metadata (a trace context, a token): {@code timeout} and {@code
   * meta} in a fixmap, the metadata in a fixmap of ASCII strings, read without an unpacker or a
   * charset decoder (a third of the time of the general path, a tenth of its allocation); null for
   * any other header, which the general path reads (and refuses with its reasons).
   */
  private static CallHeader simple(byte[] d, int offset, int length) {
    int end = offset + length;
    int p = offset;
    if (length < 1 || (d[p] & 0xf0) != 0x80) {
      return null;
    }
    int entries = d[p++] & 0x0f;
    long timeout = 0;
    Metadata metadata = Metadata.empty();
    for (int i = 0; i < entries; i++) {
      if (startsWith(d, p, end, TIMEOUT)) {
        p += TIMEOUT.length;
        if (p >= end) {
          return null;
        }
        int first = d[p] & 0xff;
        if (first <= 0x7f) {
          timeout = first;
          p += 1;
        } else if (first == 0xcd && p + 3 <= end) {
          timeout = MsgpackBytes.u16(d, p + 1);
          p += 3;
        } else if (first == 0xce && p + 5 <= end) {
          timeout = MsgpackBytes.u32(d, p + 1);
          p += 5;
        } else {
          return null;
        }
      } else if (startsWith(d, p, end, META)) {
        p += META.length;
        if (p >= end || (d[p] & 0xf0) != 0x80) {
          return null;
        }
        int n = d[p++] & 0x0f;
        Map<String, String> map = n == 0 ? Map.of() : new LinkedHashMap<>();
        for (int j = 0; j < 2 * n; j += 2) {
          int keyEnd = asciiStringEnd(d, p, end);
          if (keyEnd < 0) {
            return null;
          }
          String key = ascii(d, p, keyEnd);
          p = keyEnd;
          int valueEnd = asciiStringEnd(d, p, end);
          if (valueEnd < 0) {
            return null;
          }
          map.put(key, ascii(d, p, valueEnd));
          p = valueEnd;
        }
        try {
          metadata = Metadata.of(map);
        } catch (IllegalArgumentException e) {
          return null; // the general path says why
        }
      } else {
        return null;
      }
    }
    return p == end ? new CallHeader(timeout, metadata) : null;
  }

  private static boolean startsWith(byte[] d, int p, int end, byte[] prefix) {
    if (end - p < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (d[p + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where a fixstr, str8 or str16 of ASCII characters that starts at {@code p} ends (its bytes run
   * from its header's end); -1 for anything else or one that overruns {@code end}.
   */
  private static int asciiStringEnd(byte[] d, int p, int end) {
    if (p >= end) {
      return -1;
    }
    int b = d[p] & 0xff;
    int start;
    int n;
    if ((b & 0xe0) == 0xa0) {
      start = p + 1;
      n = b & 0x1f;
    } else if (b == 0xd9 && p + 2 <= end) {
      start = p + 2;
      n = d[p + 1] & 0xff;
    } else if (b == 0xda && p + 3 <= end) {
      start = p + 3;
      n = MsgpackBytes.u16(d, p + 1);
    } else {
      return -1;
    }
    if (n > end - start) {
      return -1;
    }
    for (int i = start; i < start + n; i++) {
      if (d[i] < 0) { // not ASCII: the general path decodes (and checks) UTF-8
        return -1;
      }
    }
    return start + n;
  }

  /** The ASCII string whose header starts at {@code p} and whose bytes end at {@code end}. */
  private static String ascii(byte[] d, int p, int end) {
    int b = d[p] & 0xff;
    int start = (b & 0xe0) == 0xa0 ? p + 1 : b == 0xd9 ? p + 2 : p + 3;
    return new String(d, start, end - start, StandardCharsets.US_ASCII);
  }

  /** Whether {@code key} is the str whose encoding (with its one-byte header) is {@code fixstr}. */
  private static boolean isKey(byte[] key, byte[] fixstr) {
    if (key.length != fixstr.length - 1) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (key[i] != fixstr[i + 1]) {
        return false;
      }
    }
    return true;
  }

  private static Metadata readMetadata(MessageUnpacker in, int length) throws IOException {
    if (in.getNextFormat().getValueType() != ValueType.MAP) {
      throw malformed("`meta` is not a map");
    }
    int n = in.unpackMapHeader();
    if (n < 0 || n > Metadata.MAX_ENTRIES) {
      throw malformed("`meta` has " + Integer.toUnsignedString(n) + " entries, over " + Metadata.MAX_ENTRIES);
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      if (in.getNextFormat().getValueType() != ValueType.STRING) {
        throw malformed("a `meta` key is not a string");
      }
      String key = readString(in, length);
      if (in.getNextFormat().getValueType() != ValueType.STRING) {
        throw malformed("the `meta` value of `" + ErrorKeys.abbreviate(key, 64) + "` is not a string");
      }
      entries.put(key, readString(in, length));
    }
    try {
      return Metadata.of(entries);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  /** A str, its declared length checked against the header's size first, decoded as strict UTF-8. */
  private static String readString(MessageUnpacker in, int length) throws IOException {
    int n = in.unpackRawStringHeader();
    if (n < 0 || n > length) {
      throw malformed("a str declares " + Integer.toUnsignedString(n) + " bytes; the header has " + length);
    }
    byte[] utf8 = in.readPayload(n);
    for (byte b : utf8) {
      if (b < 0) {
        return strictUtf8(utf8);
      }
    }
    // ASCII, the common case: no decoder (a header of many short strings costs no decoder each)
    return new String(utf8, StandardCharsets.ISO_8859_1);
  }

  private static String strictUtf8(byte[] utf8) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("a str is not valid UTF-8");
    }
  }


  private static ProtocolException malformed(String detail) {
    return new ProtocolException("Malformed call header: " + detail);
  }

  /** A byte array that grows: just enough writer for the header's few forms. */
  private static final class Growing {
    private byte[] bytes;
    private int size;

    Growing(int capacity) {
      bytes = new byte[capacity];
    }

    private void room(int n) {
      if (size + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
    }

    void put(byte b) {
      room(1);
      bytes[size++] = b;
    }

    void put(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
    }

    /** A map header of {@code n} entries (n < 65536): fixmap or map16. */
    void mapHeader(int n) {
      if (n < 16) {
        put((byte) (0x80 | n));
      } else {
        put((byte) 0xde);
        put((byte) (n >>> 8));
        put((byte) n);
      }
    }

    void uint(long v) {
      if (v < 128) {
        put((byte) v);
      } else if (v < 65536) {
        put((byte) 0xcd);
        put((byte) (v >>> 8));
        put((byte) v);
      } else if (v < (1L << 32)) {
        put((byte) 0xce);
        for (int s = 24; s >= 0; s -= 8) {
          put((byte) (v >>> s));
        }
      } else {
        put((byte) 0xcf);
        for (int s = 56; s >= 0; s -= 8) {
          put((byte) (v >>> s));
        }
      }
    }

    void str(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      room(5 + utf8.length);
      size = MsgpackBytes.putStr(bytes, size, utf8);
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(bytes, size);
    }
  }
}
