package io.zeroapi.codec;

import static io.zeroapi.testing.WireCaptures.frame;
import static io.zeroapi.testing.WireCaptures.hex;
import static io.zeroapi.testing.WireCaptures.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec against the bytes the Python original put on the wire. */
class MsgpackGoldenTest {
  /** Same field names and order as the Python msgspec Struct. */
  record Order(int id, double price, String name, Instant created_at, List<String> items) {}

  private final MsgpackCodec codec = MsgpackCodec.create();

  @Test
  void argumentsEncodeAsThePythonClientDid() {
    // the envelope around them is the TCP transport's (TcpEnvelopeTest); the values are the codec's
    byte[] echo = payload(frame("tcp_request.hex"));
    assertThat(hex(codec.encode("hello"))).isEqualTo(hex(echo).substring(hex(echo).length() - 12));
    Order order =
        new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
    String struct = hex(payload(frame("tcp_struct_request.hex")));
    assertThat(struct).endsWith(hex(codec.encode(order)));
    assertThat(hex(codec.encode(null))).isEqualTo("c0");
  }

  @Test
  void structResponseDecodesAndReencodesIdentically() {
    byte[] bytes = payload(frame("tcp_struct_response.hex"));
    Order order = (Order) codec.decode(bytes, 0, bytes.length, Order.class);
    assertThat(order)
        .isEqualTo(
            new Order(
                42, 20.5, "WIDGET", Instant.parse("2024-05-07T07:08:09.123456Z"),
                List.of("a", "b", "processed")));
    assertThat(hex(codec.encode(order))).isEqualTo(hex(bytes));
  }

  @Test
  void responsesDecodeUntyped() {
    byte[] echo = payload(frame("tcp_response.hex"));
    assertThat(codec.decode(echo, 0, echo.length, String.class)).isEqualTo("hello");
    byte[] hello = payload(frame("tcp_hello_world_response.hex"));
    assertThat(codec.decode(hello)).isEqualTo("hello world");
  }

  @Test
  void wholeStreamsSplitIntoFramesMatchTheSingleCaptures() {
    byte[] stream = frame("tcp_stream_server_to_client.hex");
    // third frame of the server stream is the struct response
    int at = 0;
    for (int i = 0; i < 2; i++) {
      at += 4 + (int) readU32(stream, at);
    }
    int length = (int) readU32(stream, at);
    byte[] third = java.util.Arrays.copyOfRange(stream, at, at + 4 + length);
    assertThat(hex(third)).isEqualTo(hex(frame("tcp_struct_response.hex")));
  }

  private static long readU32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
  }
}
