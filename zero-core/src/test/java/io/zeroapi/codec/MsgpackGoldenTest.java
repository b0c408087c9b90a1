package io.zeroapi.codec;

import static io.zeroapi.testing.WireCaptures.frame;
import static io.zeroapi.testing.WireCaptures.frames;
import static io.zeroapi.testing.WireCaptures.hex;
import static io.zeroapi.testing.WireCaptures.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.codec.Codec.ErrorReply;
import io.zeroapi.codec.Codec.RequestEnvelope;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec against the bytes the Python original put on the wire. */
class MsgpackGoldenTest {
  /** Same field names and order as the Python msgspec Struct. */
  record Order(int id, double price, String name, Instant created_at, List<String> items) {}

  private final MsgpackCodec codec = MsgpackCodec.create();

  @Test
  void echoRequest() {
    assertThat(hex(codec.encodeRequest("echo", "hello")))
        .isEqualTo(hex(payload(frame("tcp_request.hex"))));
  }

  @Test
  void helloWorldRequestWithNil() {
    assertThat(hex(codec.encodeRequest("hello_world", null)))
        .isEqualTo(hex(payload(frame("tcp_hello_world_request.hex"))));
  }

  @Test
  void structRequest() {
    Order order =
        new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
    assertThat(hex(codec.encodeRequest("process_order", order)))
        .isEqualTo(hex(payload(frame("tcp_struct_request.hex"))));
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
    assertThat(codec.decodeError(hello, 0, hello.length)).isNull();
  }

  @Test
  void requestsDecode() {
    byte[] bytes = payload(frame("tcp_struct_request.hex"));
    RequestEnvelope envelope = codec.decodeRequest(bytes, 0, bytes.length);
    assertThat(envelope.function()).isEqualTo("process_order");
    assertThat(envelope.hasArgument()).isTrue();
    Order order =
        (Order) codec.decode(bytes, envelope.argumentOffset(), envelope.argumentLength(), Order.class);
    assertThat(order.id()).isEqualTo(41);
    assertThat(order.created_at()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123456Z"));

    // a frame decoded in place: offsets are absolute
    byte[] whole = frame("tcp_request.hex");
    RequestEnvelope echo = codec.decodeRequest(whole, 9, whole.length - 9);
    assertThat(echo.function()).isEqualTo("echo");
    assertThat(codec.decode(whole, echo.argumentOffset(), echo.argumentLength(), String.class))
        .isEqualTo("hello");
  }

  @Test
  void errorReplies() {
    List<byte[]> replies = frames("tcp_error_response.hex");
    byte[] notFound = payload(replies.get(0));
    assertThat(codec.decodeError(notFound, 0, notFound.length))
        .isEqualTo(new ErrorReply("__zerror__function_not_found", "Function `no_such_fn` not found!"));
    byte[] raised = payload(replies.get(1));
    assertThat(codec.decodeError(raised, 0, raised.length))
        .isEqualTo(new ErrorReply("__zerror__server_exception", "RuntimeError('boom')"));
  }

  @Test
  void edgeCaseFrames() {
    List<byte[]> f = frames("tcp_edge_cases.hex");
    // hello_world without 'data'
    byte[] noData = payload(f.get(8));
    RequestEnvelope envelope = codec.decodeRequest(noData, 0, noData.length);
    assertThat(envelope.function()).isEqualTo("hello_world");
    assertThat(envelope.hasArgument()).isFalse();
    assertThat(envelope.argumentLength()).isZero();
    // error replies for "not a dict", "missing fn", unknown function, handler raises
    assertThat(codec.decodeError(payload(f.get(15)), 0, payload(f.get(15)).length))
        .isEqualTo(new ErrorReply("__zerror__server_exception", "Request must be a dict"));
    assertThat(codec.decodeError(payload(f.get(17)), 0, payload(f.get(17)).length))
        .isEqualTo(new ErrorReply("__zerror__server_exception", "Missing function name"));
    assertThat(codec.decodeError(payload(f.get(19)), 0, payload(f.get(19)).length).key())
        .isEqualTo("__zerror__function_not_found");
    // echo(123)
    byte[] echo123 = payload(f.get(22));
    assertThat(codec.decodeRequest(echo123, 0, echo123.length).function()).isEqualTo("echo");
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
