package io.zeroapi.internal.tcp;

import io.zeroapi.ZeroException;
import io.zeroapi.codec.Codec;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Test-only codec: {@link #encodeRequest} writes the exact request envelope {@code {"fn": fn,
 * "data": arg}} for String and null arguments, like msgspec does. Anything else is refused.
 */
final class FakeCodec implements Codec {

  @Override
  public byte[] encodeRequest(String function, Object argument) {
    if (argument instanceof ZeroException e) {
      throw e; // lets tests make encoding fail with a ZeroException
    }
    if (argument != null && !(argument instanceof String)) {
      throw new IllegalArgumentException("unsupported type " + argument.getClass().getName());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x82);
    writeStr(out, "fn");
    writeStr(out, function);
    writeStr(out, "data");
    if (argument == null) {
      out.write(0xc0);
    } else {
      writeStr(out, (String) argument);
    }
    return out.toByteArray();
  }

  /** MessagePack str of {@code s}: fixstr, str8 or str16. */
  static byte[] str(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeStr(out, s);
    return out.toByteArray();
  }

  private static void writeStr(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length < 32) {
      out.write(0xa0 | b.length);
    } else if (b.length < 256) {
      out.write(0xd9);
      out.write(b.length);
    } else {
      out.write(0xda);
      out.write(b.length >>> 8);
      out.write(b.length & 0xff);
    }
    out.write(b, 0, b.length);
  }

  @Override
  public void checkSupported(Type type) {
    throw new UnsupportedOperationException();
  }

  @Override
  public byte[] encode(Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object decode(byte[] data, int offset, int length, Type type) {
    throw new UnsupportedOperationException();
  }

  @Override
  public RequestEnvelope decodeRequest(byte[] data, int offset, int length) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ErrorReply decodeError(byte[] data, int offset, int length) {
    throw new UnsupportedOperationException();
  }
}
