package io.zeroapi.internal;

import static io.zeroapi.testing.WireCaptures.frames;
import static io.zeroapi.testing.WireCaptures.hex;
import static io.zeroapi.testing.WireCaptures.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.ErrorReplies.ErrorReply;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Error replies, written and recognised next to the error keys, against the original's bytes. */
class ErrorRepliesTest {
  private final MsgpackCodec codec = MsgpackCodec.create();

  @Test
  void pythonErrorRepliesAreRecognised() {
    List<byte[]> replies = frames("tcp_error_response.hex");
    assertThat(ErrorReplies.parse(payload(replies.get(0)), codec))
        .isEqualTo(new ErrorReply("__zerror__function_not_found", "Function `no_such_fn` not found!"));
    assertThat(ErrorReplies.parse(payload(replies.get(1)), codec))
        .isEqualTo(new ErrorReply("__zerror__server_exception", "RuntimeError('boom')"));
    List<byte[]> edge = frames("tcp_edge_cases.hex");
    assertThat(ErrorReplies.parse(payload(edge.get(19)), codec).key()).isEqualTo(ErrorKeys.FUNCTION_NOT_FOUND);
  }

  @Test
  void encodedAsThePythonServerDoes() {
    List<byte[]> edge = frames("tcp_edge_cases.hex");
    assertThat(hex(ErrorReplies.encode(ErrorKeys.SERVER_EXCEPTION, "Request must be a dict")))
        .isEqualTo(hex(payload(edge.get(15))));
    assertThat(hex(ErrorReplies.encode(ErrorKeys.SERVER_EXCEPTION, "Missing function name")))
        .isEqualTo(hex(payload(edge.get(17))));
    // long and non-ASCII texts: what the codec writes for the same map
    for (String text : List.of("", "é", "x".repeat(31), "x".repeat(32), "x".repeat(300), "y".repeat(70_000))) {
      assertThat(ErrorReplies.encode(ErrorKeys.VALIDATION_ERROR, text))
          .isEqualTo(codec.encode(Map.of(ErrorKeys.VALIDATION_ERROR, text)));
      assertThat(ErrorReplies.parse(ErrorReplies.encode(ErrorKeys.VALIDATION_ERROR, text), codec))
          .isEqualTo(new ErrorReply(ErrorKeys.VALIDATION_ERROR, text));
    }
  }

  @Test
  void shapes() {
    assertThat(ErrorReplies.parse(hex("81aa5f5f7a6572726f725f5f05"), codec)).isEqualTo(new ErrorReply("__zerror__", "5"));
    assertThat(ErrorReplies.parse(hex("de0001aa5f5f7a6572726f725f5fa178"), codec)).isEqualTo(new ErrorReply("__zerror__", "x"));
    assertThat(ErrorReplies.parse(hex("81aa5f5f7a6572726f725f5fc403010203"), codec))
        .isEqualTo(new ErrorReply("__zerror__", "[1, 2, 3]"));
    assertThat(ErrorReplies.parse(hex("81a178a178"), codec)).isNull(); // not an error key
    assertThat(ErrorReplies.parse(hex("82aa5f5f7a6572726f725f5fa178a178a178"), codec)).isNull(); // two entries
    assertThat(ErrorReplies.parse(hex("81aa5f5f7a6572726f725f5f"), codec)).isNull(); // truncated
    assertThat(ErrorReplies.parse(hex("81aa5f5f7a6572726f725f5fa17800"), codec)).isNull(); // trailing byte
    assertThat(ErrorReplies.parse(hex("a0"), codec)).isNull();
    assertThat(ErrorReplies.parse(new byte[0], codec)).isNull();
  }

  @Test
  void randomGarbageNeverThrows() {
    Random random = new Random(7);
    byte[] seed = ErrorReplies.encode(ErrorKeys.SERVER_EXCEPTION, "RuntimeError('boom')");
    for (int i = 0; i < 20_000; i++) {
      byte[] b = java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));
      for (int j = 0; j < 1 + random.nextInt(3) && b.length > 0; j++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      ErrorReplies.parse(b, codec); // a value or null, never an exception
    }
  }
}
