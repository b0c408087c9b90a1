package io.zeroapi.internal.tcp;

import static io.zeroapi.testing.WireCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import io.zeroapi.codec.MsgpackCodec;
import java.util.Map;

/**
 * The request envelope reader against a reference built on the codec's untyped decoding of the
 * whole payload (TcpEnvelopeTest's mutations and TcpFuzzTest's fuzzing): when the reference reads a
 * request, the reader reads the same function and argument; when the reader reads one the
 * reference refuses, the refusal is inside the argument or inside the value of a key the original
 * ignores. The reader never throws anything but ProtocolException.
 */
final class EnvelopeOracle {
  private EnvelopeOracle() {}

  /** Returns 1 when the reader read the input; throws AssertionError where the two disagree. */
  static int check(TcpEnvelope.Reader reader, MsgpackCodec codec, byte[] input) {
    String label = hex(input);
    Object reference;
    try {
      reference = codec.decode(input, 0, input.length, Object.class);
    } catch (RuntimeException e) {
      reference = e;
    }
    TcpEnvelope.Request request;
    try {
      request = reader.read(input);
    } catch (ProtocolException e) {
      if (reference instanceof Map<?, ?> map && map.get("fn") instanceof String fn && !fn.isEmpty()) {
        throw new AssertionError("refused a request the codec reads: " + label, e);
      }
      if (!(reference instanceof Map<?, ?>) && !(reference instanceof RuntimeException)) {
        assertThat(e).as(label).hasMessage("Request must be a dict");
      }
      return 0;
    }
    if (reference instanceof Map<?, ?> map) {
      assertThat(request.function()).as(label).isEqualTo(map.get("fn"));
      if (request.argumentLength() == 0) {
        assertThat(map.containsKey("data")).as(label).isFalse();
      } else {
        Object argument = codec.decode(input, request.argumentOffset(), request.argumentLength(), Object.class);
        assertThat(codec.encode(argument)).as(label).isEqualTo(codec.encode(map.get("data")));
      }
    } else {
      // The reference refused: the fault must lie where the reader does not look (malformed, or a
      // well-formed timestamp outside Instant's range: ValidationException, as msgspec)
      assertThat(reference).as(label).isInstanceOfAny(ProtocolException.class, ValidationException.class);
    }
    return 1;
  }
}
