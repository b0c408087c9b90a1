package io.zeroapi.internal.zmq;

import io.zeroapi.internal.ErrorKeys;
import io.zeroapi.internal.ErrorReplies;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The Zero message layout on ZeroMQ, shared with the Python original: request = 16-byte id |
 * function name space-padded to 80 bytes | MessagePack argument (empty for none); reply = the same
 * 16-byte id | MessagePack payload.
 */
final class ZmqFrames {
  private ZmqFrames() {}

  static final int ID_BYTES = 16;
  static final int NAME_BYTES = 80;
  static final int HEADER_BYTES = ID_BYTES + NAME_BYTES;

  /** The text Python Zero answers when it cannot process a message. */
  static final String SERVER_PROCESSING_ERROR =
      "server cannot process message, check server logs for more details";

  /** {@code {"__zerror__server_exception": SERVER_PROCESSING_ERROR}}, encoded once. */
  static final byte[] PROCESSING_ERROR_PAYLOAD =
      ErrorReplies.encode(ErrorKeys.SERVER_EXCEPTION, SERVER_PROCESSING_ERROR);

  /**
   * The function name of a request frame of at least 16 bytes: bytes 16..min(96, length), ASCII
   * whitespace and NUL stripped at both ends (like Python's {@code bytes.strip()}), decoded as
   * strict UTF-8.
   *
   * @throws CharacterCodingException if the name is not valid UTF-8
   */
  static String functionName(byte[] frame) throws CharacterCodingException {
    return functionName(frame, Math.min(HEADER_BYTES, frame.length));
  }

  /**
   * Where a Java client's call header ({@link io.zeroapi.internal.CallHeader}) lies in a request
   * frame that carries one, sent only to a server that said it reads them: the last byte of the
   * name field is {@link #HEADER_MARK} (the name is then at most 79 bytes), and the frame ends with
   * the header and its length as a big-endian u16: {@code id | name padded to 79 | 0x01 | argument |
   * header | u16 length}. The original's clients pad names with spaces, so their frames never
   * have the mark.
   */
  static final byte HEADER_MARK = 0x01;

  /** Bytes after the header in a frame that carries one: its u16 length. */
  static final int HEADER_LENGTH_BYTES = 2;

  /** Whether {@code frame} carries a call header ({@link #HEADER_MARK}) whose length fits in it. */
  static boolean hasCallHeader(byte[] frame) {
    if (frame.length < HEADER_BYTES + HEADER_LENGTH_BYTES || frame[HEADER_BYTES - 1] != HEADER_MARK) {
      return false;
    }
    return callHeaderLength(frame) <= frame.length - HEADER_BYTES - HEADER_LENGTH_BYTES;
  }

  /** The length of the call header of a frame that has the mark. */
  static int callHeaderLength(byte[] frame) {
    return ((frame[frame.length - 2] & 0xff) << 8) | (frame[frame.length - 1] & 0xff);
  }

  /** The name of a request frame whose name field ends before {@code end} (stripped, strict UTF-8). */
  static String functionName(byte[] frame, int end) throws CharacterCodingException {
    int start = ID_BYTES;
    while (start < end && isStrippable(frame[start])) {
      start++;
    }
    while (end > start && isStrippable(frame[end - 1])) {
      end--;
    }
    if (isAscii(frame, start, end)) { // the common case: no decoder to create
      return new String(frame, start, end - start, StandardCharsets.US_ASCII);
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(frame, start, end - start))
        .toString();
  }

  private static boolean isAscii(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isStrippable(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c || b == 0;
  }

  /** A reply frame: the request's 16-byte id followed by the payload. */
  static byte[] reply(byte[] request, byte[] payload) {
    byte[] frame = new byte[ID_BYTES + payload.length];
    System.arraycopy(request, 0, frame, 0, ID_BYTES);
    System.arraycopy(payload, 0, frame, ID_BYTES, payload.length);
    return frame;
  }

  /** Big-endian long at {@code offset}. */
  static long readLong(byte[] data, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (data[offset + i] & 0xff);
    }
    return value;
  }

  /** Writes {@code value} big-endian at {@code offset}. */
  static void writeLong(byte[] data, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      data[offset + i] = (byte) value;
      value >>>= 8;
    }
  }
}
