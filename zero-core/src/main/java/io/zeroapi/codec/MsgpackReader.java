package io.zeroapi.codec;

import io.zeroapi.ProtocolException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A guarded cursor over one MessagePack value held in a byte array, on top of msgpack-core's
 * {@link MessageUnpacker}. Every declared length or count is checked against the bytes actually left
 * before anything is allocated (a count needs at least 1 byte per array element and 2 per map
 * entry), nesting is bounded, strings are strict UTF-8. Not thread-safe: one per decode call.
 */
final class MsgpackReader {
  /** msgpack-core configuration: strict UTF-8 (msgspec rejects invalid strings). */
  public static final MessagePack.UnpackerConfig CONFIG =
      new MessagePack.UnpackerConfig()
          .withActionOnMalformedString(CodingErrorAction.REPORT)
          .withActionOnUnmappableString(CodingErrorAction.REPORT)
          .withAllowReadingBinaryAsString(false)
          .withAllowReadingStringAsBinary(false);

  private final MessageUnpacker unpacker;
  private final byte[] data;
  private final int start;
  private final int end;
  private final int maxDepth;
  private int depth;

  public MsgpackReader(byte[] data, int offset, int length, int maxDepth) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + ", length " + length + " outside an array of " + data.length);
    }
    this.unpacker = CONFIG.newUnpacker(data, offset, length);
    this.data = data;
    this.start = offset;
    this.end = offset + length;
    this.maxDepth = maxDepth;
  }

  public MessageUnpacker unpacker() {
    return unpacker;
  }

  /** Bytes consumed so far, relative to the start of the value. */
  public int consumed() {
    return (int) unpacker.getTotalReadBytes();
  }

  /** Absolute index of the next byte in the backing array. */
  public int position() {
    return start + consumed();
  }

  public long remaining() {
    return (long) end - position();
  }

  public boolean hasMore() {
    return remaining() > 0;
  }

  /** The format of the next value, without consuming it; rejects the reserved byte 0xc1. */
  public MessageFormat peek() throws IOException {
    if (!hasMore()) {
      throw new ProtocolException("Input data was truncated");
    }
    MessageFormat format = unpacker.getNextFormat();
    if (format == MessageFormat.NEVER_USED) {
      throw new ProtocolException("invalid byte 0xc1 at offset " + consumed());
    }
    return format;
  }

  /** msgspec's name for the wire type of the next value ({@code int}, {@code str}, ...). */
  public String peekTypeName() throws IOException {
    MessageFormat format = peek();
    return switch (format.getValueType()) {
      case NIL -> "None"; // msgspec names nil by its Python value
      case BOOLEAN -> "bool";
      case INTEGER -> "int";
      case FLOAT -> "float";
      case STRING -> "str";
      case BINARY -> "bytes";
      case ARRAY -> "array";
      case MAP -> "object";
      case EXTENSION -> "ext"; // the timestamp extension too, as msgspec says
    };
  }

  /** The type byte of the extension value that comes next. */
  int peekExtType(MessageFormat format) {
    int at =
        switch (format) {
          case EXT8 -> 2;
          case EXT16 -> 3;
          case EXT32 -> 5;
          default -> 1; // fixext
        };
    int index = position() + at;
    return index < end ? data[index] : 0;
  }

  /** A type-mismatch failure naming the wire type of the next value. */
  public ValidationFailure mismatch(String expected) throws IOException {
    return ValidationFailure.mismatch(expected, peekTypeName());
  }

  // ---- containers -------------------------------------------------------------------------

  /** Reads an array header, checks its count and enters one nesting level. */
  public int readArrayHeader() throws IOException {
    int n = unpacker.unpackArrayHeader();
    checkCount(n, 1, "array");
    enter();
    return n;
  }

  /** Reads a map header, checks its count and enters one nesting level. */
  public int readMapHeader() throws IOException {
    int n = unpacker.unpackMapHeader();
    checkCount(n, 2, "map");
    enter();
    return n;
  }

  /** Leaves the nesting level entered by {@link #readArrayHeader} or {@link #readMapHeader}. */
  public void leave() {
    depth--;
  }

  private void enter() {
    if (++depth > maxDepth) {
      throw new ProtocolException("nesting deeper than " + maxDepth);
    }
  }

  private void checkCount(long count, int minBytesEach, String what) {
    // long arithmetic: a map32 count of 0x40000000 * 2 must not wrap (msgpack-java #1014).
    long needed = count * minBytesEach;
    if (count < 0 || needed > remaining()) {
      throw new ProtocolException(
          what
              + " declares "
              + (count & 0xffffffffL)
              + " entries but only "
              + remaining()
              + " bytes remain (Input data was truncated)");
    }
  }

  private void checkLength(long length, String what) {
    if (length < 0 || length > remaining()) {
      throw new ProtocolException(
          what
              + " declares "
              + (length & 0xffffffffL)
              + " bytes but only "
              + remaining()
              + " remain (Input data was truncated)");
    }
  }

  /** Small initial capacity for a collection: never trust the header count for allocation. */
  public static int initialCapacity(int count) {
    return Math.min(count, 16);
  }

  // ---- scalars ------------------------------------------------------------------------------

  public String readString() throws IOException {
    int n = unpacker.unpackRawStringHeader();
    checkLength(n, "str");
    int at = position();
    String s = decodeUtf8(data, at, n);
    unpacker.readPayloadAsReference(n); // advance without copying
    return s;
  }

  public byte[] readBinary() throws IOException {
    int n = unpacker.unpackBinaryHeader();
    checkLength(n, "bin");
    return unpacker.readPayload(n);
  }

  public ExtensionTypeHeader readExtensionHeader() throws IOException {
    ExtensionTypeHeader header = unpacker.unpackExtensionTypeHeader();
    checkLength(header.getLength(), "ext");
    return header;
  }

  public byte[] readPayload(int length) throws IOException {
    return unpacker.readPayload(length);
  }

  /** Reads any integer form: a Long, or a BigInteger for uint64 values above Long.MAX_VALUE. */
  public Object readInteger(MessageFormat format) throws IOException {
    if (format == MessageFormat.UINT64) {
      BigInteger value = unpacker.unpackBigInteger();
      return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
    return unpacker.unpackLong();
  }

  /** Reads a float32 (widened) or float64. */
  public double readFloat(MessageFormat format) throws IOException {
    return format == MessageFormat.FLOAT32 ? unpacker.unpackFloat() : unpacker.unpackDouble();
  }

  /** Reads a timestamp extension's payload (after its header) of the given length. */
  public Instant readTimestamp(int length) throws IOException {
    byte[] p = unpacker.readPayload(length);
    ByteBuffer b = ByteBuffer.wrap(p);
    long seconds;
    long nanos;
    switch (length) {
      case 4 -> {
        seconds = b.getInt() & 0xffffffffL;
        nanos = 0;
      }
      case 8 -> {
        long v = b.getLong();
        nanos = v >>> 34;
        seconds = v & 0x3ffffffffL;
      }
      case 12 -> {
        nanos = b.getInt() & 0xffffffffL;
        seconds = b.getLong();
      }
      default -> throw new ProtocolException("invalid timestamp extension length " + length);
    }
    if (nanos >= 1_000_000_000L) {
      throw new ProtocolException("invalid timestamp: nanoseconds " + nanos + " >= 10^9");
    }
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw new ValidationFailure("Timestamp is out of range");
    }
  }

  /** Skips one value of any type, with the same length and depth guards as reading it. */
  public void skipValue() throws IOException {
    MessageFormat format = peek();
    switch (format.getValueType()) {
      case ARRAY -> {
        int n = readArrayHeader();
        for (int i = 0; i < n; i++) {
          skipValue();
        }
        leave();
      }
      case MAP -> {
        int n = readMapHeader();
        for (int i = 0; i < n; i++) {
          skipValue();
          skipValue();
        }
        leave();
      }
      case STRING -> {
        int n = unpacker.unpackRawStringHeader();
        checkLength(n, "str");
        unpacker.readPayloadAsReference(n);
      }
      case BINARY -> {
        int n = unpacker.unpackBinaryHeader();
        checkLength(n, "bin");
        unpacker.readPayloadAsReference(n);
      }
      case EXTENSION -> {
        ExtensionTypeHeader h = readExtensionHeader();
        unpacker.readPayloadAsReference(h.getLength());
      }
      default -> unpacker.skipValue(); // fixed-size scalars: no counts involved
    }
  }

  // ---- strict UTF-8 -------------------------------------------------------------------------

  static String decodeUtf8(byte[] bytes, int offset, int length) {
    int i = offset;
    int limit = offset + length;
    while (i < limit && bytes[i] >= 0) {
      i++;
    }
    if (i == limit) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // pure ASCII
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException("invalid UTF-8 in str at byte " + (i - offset), e);
    }
  }
}
