package io.zeroapi.internal;

import io.zeroapi.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Error replies as the original writes them: a one-entry MessagePack map {@code {"__zerror__<kind>":
 * "<text>"}}. They belong to the protocol, not to a codec: this class writes them itself and
 * recognises them in a reply before the reply is decoded as a value.
 */
public final class ErrorReplies {
  private ErrorReplies() {}

  /** An error reply: the wire key (e.g. {@code __zerror__function_not_found}) and its text. */
  public record ErrorReply(String key, String message) {}

  /** {@code {key: message}} as MessagePack (a null message is sent as an empty text). */
  public static byte[] encode(String key, String message) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] m = (message == null ? "" : message).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[1 + MsgpackBytes.strHeaderLength(k.length) + k.length + MsgpackBytes.strHeaderLength(m.length)
        + m.length];
    out[0] = (byte) 0x81;
    int p = MsgpackBytes.putStr(out, 1, k);
    MsgpackBytes.putStr(out, p, m);
    return out;
  }

  /**
   * The error carried by a reply, or {@code null} when the reply is a normal value. A reply is an
   * error when it is a one-entry map whose key is a str starting with {@code __zerror__}; its text
   * is the value when that is a str, else the value decoded untyped by {@code codec} and printed.
   * Cheap for normal values: only a one-entry map with such a key is looked at further.
   */
  public static ErrorReply parse(byte[] payload, Codec codec) {
    int end = payload.length;
    int p;
    if (end >= 2 && (payload[0] & 0xff) == 0x81) {
      p = 1;
    } else if (end >= 4 && (payload[0] & 0xff) == 0xde && payload[1] == 0 && payload[2] == 1) {
      p = 3;
    } else if (end >= 6 && (payload[0] & 0xff) == 0xdf && payload[1] == 0 && payload[2] == 0 && payload[3] == 0
        && payload[4] == 1) {
      p = 5;
    } else {
      return null;
    }
    int keyLength = strLength(payload, p);
    if (keyLength < ErrorKeys.PREFIX.length()) {
      return null;
    }
    int keyAt = p + strHeaderAt(payload, p);
    for (int i = 0; i < ErrorKeys.PREFIX.length(); i++) {
      if (payload[keyAt + i] != ErrorKeys.PREFIX.charAt(i)) {
        return null;
      }
    }
    String key = new String(payload, keyAt, keyLength, StandardCharsets.UTF_8);
    int valueAt = keyAt + keyLength;
    int valueLength = strLength(payload, valueAt);
    if (valueLength >= 0 && valueAt + strHeaderAt(payload, valueAt) + valueLength == end) {
      return new ErrorReply(key, new String(payload, valueAt + strHeaderAt(payload, valueAt), valueLength,
          StandardCharsets.UTF_8));
    }
    // Not a str (or malformed): let the codec read the whole map, if it can.
    Object decoded;
    try {
      decoded = codec.decode(payload, 0, end, Object.class);
    } catch (RuntimeException e) {
      return null; // not a well-formed error reply; decoding it as a value will say why
    }
    if (decoded instanceof Map<?, ?> map && map.size() == 1 && map.containsKey(key)) {
      Object value = map.get(key);
      return new ErrorReply(key, value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value));
    }
    return null;
  }

  /** The length of the str at {@code p} if there is one whose bytes are all present, else -1. */
  private static int strLength(byte[] d, int p) {
    if (p >= d.length) {
      return -1;
    }
    int header = MsgpackBytes.strHeaderLength(d[p]);
    if (header == 0 || p + header > d.length) {
      return -1;
    }
    long n = MsgpackBytes.strLength(d, p);
    return n <= d.length - p - header ? (int) n : -1;
  }

  private static int strHeaderAt(byte[] d, int p) {
    return p < d.length ? MsgpackBytes.strHeaderLength(d[p]) : 0;
  }
}
