package io.zeroapi.codec;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps Java values to the bytes of one MessagePack value and back; nothing else. The default is
 * {@link MsgpackCodec}, which follows the conventions of the Python original (msgspec).
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>{@link #encode} writes exactly one MessagePack value; {@link #decode} reads exactly one,
 *       and refuses trailing bytes. Whatever the codec maps to, the bytes are MessagePack, so that
 *       a peer using another codec (or the Python original) can still read them untyped.
 *   <li>The codec knows nothing of the wire around the value: the raw TCP envelope {@code {"fn":
 *       ..., "data": ...}}, the ZeroMQ frame layout and the {@code __zerror__} error replies are
 *       the transports' and the runtime's business, not the codec's.
 *   <li>Failures are typed: a value that does not fit is a {@link ValidationException} whose
 *       message says where; bytes that are not well-formed MessagePack are a {@link
 *       ProtocolException}. A codec never lets another runtime exception escape for bad input.
 * </ul>
 *
 * <p>Server and client should use the same codec. Thread safety: implementations must be
 * thread-safe; one instance serves every call of a server or client at once.
 */
public interface Codec {

  /**
   * Checks, when a function is registered, that values of {@code type} can be encoded and
   * decoded.
   *
   * @param type an argument or result type of the function being registered
   * @throws IllegalArgumentException saying why not
   */
  void checkSupported(Type type);

  /**
   * Encodes a value, {@code null} included (as nil), into one MessagePack value.
   *
   * @param value the argument or result to send
   * @return the bytes of exactly one MessagePack value
   * @throws ValidationException if the value (or something inside it) cannot be encoded
   */
  byte[] encode(Object value);

  /**
   * Decodes the one MessagePack value held by {@code length} bytes at {@code offset} into {@code
   * type}. {@code Object.class} decodes without a target type (maps, lists, strings, longs...).
   *
   * @param data the buffer holding the value
   * @param offset where the value starts in {@code data}
   * @param length the number of bytes the value fills, exactly
   * @param type the declared argument or result type, as given to {@link #checkSupported}
   * @return the decoded value, of {@code type} (or {@code null} where the type accepts nil)
   * @throws ValidationException if the value does not fit {@code type}; the message says where
   * @throws ProtocolException if the bytes are not exactly one well-formed value
   */
  Object decode(byte[] data, int offset, int length, Type type);

  /**
   * Describes {@code type} as a JSON Schema for the server's contract (the {@code zero.contract}
   * function; the vocabulary is in docs/contract.md): how a value of that type looks on the wire.
   * Called when the contract is built (at start and after a registration), never per call.
   *
   * <p>Named types (records, POJOs, enums) go into {@code definitions}, under a name the schema
   * refers to with {@code {"$ref": "#/definitions/<name>"}}; the same map is passed for every type
   * of one contract, so a type met twice is defined once.
   *
   * <p>The default describes nothing: it returns the "any" schema ({@code {"x-zero-any": true,
   * "description": "..."}}), which is always true, if loose. {@link MsgpackCodec} describes every
   * type it supports.
   *
   * @param type an argument or result type, as given to {@link #checkSupported}
   * @param definitions the contract's named definitions, added to in place
   * @return the schema of {@code type}: a map of strings, numbers, booleans, lists and maps
   */
  default Map<String, Object> describe(Type type, Map<String, Object> definitions) {
    Map<String, Object> any = new LinkedHashMap<>();
    any.put("x-zero-any", true);
    any.put("description", "the codec " + getClass().getName() + " does not describe its types");
    return any;
  }
}
