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

  @Test
  void idsAreWrittenAndReadBigEndianInPlace() {
    byte[] data = new byte[20];
    java.util.Arrays.fill(data, (byte) 0x55);
    ZmqFrames.writeLong(data, 3, 0x0102030405060708L);
    assertThat(java.util.HexFormat.of().formatHex(data)).isEqualTo("555555" + "0102030405060708" + "555555555555555555");
    assertThat(ZmqFrames.readLong(data, 3)).isEqualTo(0x0102030405060708L);
    ZmqFrames.writeLong(data, 11, -2L);
    assertThat(ZmqFrames.readLong(data, 11)).isEqualTo(-2L);
    assertThat(data[11]).isEqualTo((byte) 0xff);
    assertThat(data[18]).isEqualTo((byte) 0xfe);
    assertThat(data[19]).isEqualTo((byte) 0x55);
  }

  @Test
  void aReplyIsTheRequestsIdThenThePayload() {
    byte[] request = frame("echo".getBytes(StandardCharsets.US_ASCII), 76);
    for (int i = 0; i < ZmqFrames.ID_BYTES; i++) {
      request[i] = (byte) i;
    }
    byte[] reply = ZmqFrames.reply(request, new byte[] {(byte) 0xa1, 'x'});
    assertThat(reply).hasSize(18);
    assertThat(Arrays.copyOf(reply, 16)).isEqualTo(Arrays.copyOf(request, 16));
    assertThat(reply[16]).isEqualTo((byte) 0xa1);
    assertThat(reply[17]).isEqualTo((byte) 'x');
    assertThat(ZmqFrames.reply(request, new byte[0])).isEqualTo(Arrays.copyOf(request, 16));
  }

  @Test
  void paddingAndWhitespaceAreStrippedAtBothEndsOnly() throws CharacterCodingException {
    byte[] name = " \t\u0000a b\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ZmqFrames.functionName(frame(name, ZmqFrames.NAME_BYTES - name.length))).isEqualTo("a b");
    assertThat(ZmqFrames.functionName(frame(new byte[0], ZmqFrames.NAME_BYTES))).isEmpty();
    assertThat(ZmqFrames.functionName(new byte[ZmqFrames.ID_BYTES])).isEmpty();
    byte[] one = frame(new byte[] {'x'}, ZmqFrames.NAME_BYTES - 1);
    assertThat(ZmqFrames.functionName(one)).isEqualTo("x");
  }

  @Test
  void aCallHeaderIsMarkedAtTheEndOfTheNameFieldAndFoundFromTheFramesEnd() throws Exception {
    byte[] header = {(byte) 0x81, (byte) 0xa1, 'k', 0x05};
    byte[] argument = {(byte) 0xa2, 'h', 'i'};
    byte[] frame = new byte[ZmqFrames.HEADER_BYTES + argument.length + header.length + 2];
    byte[] name = "echo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(name, 0, frame, ZmqFrames.ID_BYTES, name.length);
    java.util.Arrays.fill(frame, ZmqFrames.ID_BYTES + name.length, ZmqFrames.HEADER_BYTES - 1, (byte) ' ');
    frame[ZmqFrames.HEADER_BYTES - 1] = ZmqFrames.HEADER_MARK;
    System.arraycopy(argument, 0, frame, ZmqFrames.HEADER_BYTES, argument.length);
    System.arraycopy(header, 0, frame, ZmqFrames.HEADER_BYTES + argument.length, header.length);
    frame[frame.length - 1] = (byte) header.length;
    assertThat(ZmqFrames.hasCallHeader(frame)).isTrue();
    assertThat(ZmqFrames.callHeaderLength(frame)).isEqualTo(header.length);
    assertThat(ZmqFrames.functionName(frame, ZmqFrames.HEADER_BYTES - 1)).isEqualTo("echo");
    // The original's frames are space-padded: never marked.
    frame[ZmqFrames.HEADER_BYTES - 1] = ' ';
    assertThat(ZmqFrames.hasCallHeader(frame)).isFalse();
    // A mark whose length runs past the frame's start is not a header.
    frame[ZmqFrames.HEADER_BYTES - 1] = ZmqFrames.HEADER_MARK;
    frame[frame.length - 2] = 0x7f;
    assertThat(ZmqFrames.hasCallHeader(frame)).isFalse();
  }
}
