package io.zeroapi.codec;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import java.lang.reflect.Type;

/**
 * Turns values into payload bytes and back. Server and client must use the same codec; the default
 * is {@link MsgpackCodec}, which follows the conventions of the Python original.
 *
 * <p>Implementations must be thread-safe: one instance serves every call of a server or client.
 */
public interface Codec {

  /**
   * Checks, at registration time, that values of {@code type} can be encoded and decoded.
   *
   * @throws IllegalArgumentException saying why not
   */
  void checkSupported(Type type);

  /**
   * Encodes a value, {@code null} included.
   *
   * @throws ValidationException if the value (or something inside it) cannot be encoded
   */
  byte[] encode(Object value);

  /**
   * Decodes {@code length} bytes at {@code offset} into {@code type}; the bytes must hold exactly
   * one value. {@code Object.class} decodes without a target type (maps, lists, strings, longs...).
   *
   * @throws ValidationException if the value does not fit {@code type}; the message says where
   * @throws ProtocolException if the bytes are not well-formed
   */
  Object decode(byte[] data, int offset, int length, Type type);

  /** Encodes the request envelope of the raw TCP transport: {@code {"fn": function, "data": argument}}. */
  byte[] encodeRequest(String function, Object argument);

  /**
   * Reads a request envelope without decoding its argument.
   *
   * @throws ProtocolException with the original's texts ({@code Request must be a dict}, {@code
   *     Missing function name}) or saying what is malformed
   */
  RequestEnvelope decodeRequest(byte[] data, int offset, int length);

  /**
   * Returns the error carried by a reply, or {@code null} when the reply is a normal value. An error
   * reply is a one-entry map whose key starts with {@code __zerror__}.
   */
  ErrorReply decodeError(byte[] data, int offset, int length);

  /** The parts of a request envelope: the function name and where its argument lies. */
  record RequestEnvelope(String function, int argumentOffset, int argumentLength) {
    /** Whether the request carries an argument (a {@code data} entry). */
    public boolean hasArgument() {
      return argumentLength > 0;
    }
  }

  /** An error reply: the wire key (e.g. {@code __zerror__function_not_found}) and its text. */
  record ErrorReply(String key, String message) {}
}
