package io.zeroapi.internal.zmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The function name of a ZeroMQ request frame: 16-byte id, then the name padded to 80 bytes. */
class ZmqFramesTest {
  private static byte[] frame(byte[] name, int padding) {
    byte[] frame = new byte[ZmqFrames.ID_BYTES + name.length + padding + 3];
    Arrays.fill(frame, 0, ZmqFrames.ID_BYTES, (byte) 'i');
    System.arraycopy(name, 0, frame, ZmqFrames.ID_BYTES, name.length);
    Arrays.fill(frame, ZmqFrames.ID_BYTES + name.length, ZmqFrames.ID_BYTES + name.length + padding, (byte) ' ');
    return frame; // the last 3 bytes stand for the payload: zeros, stripped like padding when inside the header
  }

  @Test
  void readsAsciiNamesWithoutPadding() throws CharacterCodingException {
    byte[] name = "hello_world".getBytes(StandardCharsets.US_ASCII);
    byte[] frame = frame(name, ZmqFrames.NAME_BYTES - name.length);
    assertThat(ZmqFrames.functionName(frame)).isEqualTo("hello_world");
  }

  @Test
  void readsMultiByteUtf8Names() throws CharacterCodingException {
    byte[] name = "grüße_€".getBytes(StandardCharsets.UTF_8);
    byte[] frame = frame(name, ZmqFrames.NAME_BYTES - name.length);
    assertThat(ZmqFrames.functionName(frame)).isEqualTo("grüße_€");
  }

  @Test
  void refusesMalformedUtf8() {
    byte[] frame = frame(new byte[] {'a', (byte) 0xff, (byte) 0xfe}, ZmqFrames.NAME_BYTES - 3);
    assertThatThrownBy(() -> ZmqFrames.functionName(frame)).isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void readsAShortUnpaddedFrame() throws CharacterCodingException {
    // The connect handshake: the id and "connect", 23 bytes in all.
    byte[] frame = new byte[ZmqFrames.ID_BYTES + 7];
    System.arraycopy("connect".getBytes(StandardCharsets.US_ASCII), 0, frame, ZmqFrames.ID_BYTES, 7);
    assertThat(ZmqFrames.functionName(frame)).isEqualTo("connect");
  }
}
