package io.zeroapi.internal.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.FuzzInvariants;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target of the ZeroMQ request layout (docs/reliability.md): a message is read as the server
 * reads it, 16-byte id | name space-padded to 80 bytes | MessagePack argument. In a plain test run
 * it runs over its committed corpus under {@code
 * src/test/resources/io/zeroapi/internal/zmq/ZmqFuzzTestInputs/}; {@code ./zero fuzz} fuzzes it.
 */
@Timeout(10) // per input: a hang is a finding (Jazzer passes it on as libFuzzer's -timeout)
class ZmqFuzzTest {
  private static final MsgpackCodec CODEC = MsgpackCodec.create();

  /**
   * The name is the UTF-8 text of bytes 16..96 with ASCII whitespace and NUL stripped at both ends,
   * or CharacterCodingException when those bytes are not UTF-8; the argument (from byte 96) decodes
   * to a value, ProtocolException or ValidationException (a timestamp outside Instant's range); a reply carries the request's id. Each within the allocation
   * bound.
   */
  @FuzzTest
  void requestFrame(byte[] message) {
    if (message.length < ZmqFrames.ID_BYTES) {
      return; // dropped by the server before any parsing (ZmqBadInputTest)
    }
    String name = FuzzInvariants.check(message.length, () -> {
      try {
        return ZmqFrames.functionName(message);
      } catch (CharacterCodingException e) {
        throw new NotUtf8(e);
      }
    }, NotUtf8.class).value(); // null: refused as not UTF-8
    byte[] field = Arrays.copyOfRange(message, ZmqFrames.ID_BYTES, Math.min(ZmqFrames.HEADER_BYTES, message.length));
    int start = 0;
    int end = field.length;
    while (start < end && strippable(field[start])) {
      start++;
    }
    while (end > start && strippable(field[end - 1])) {
      end--;
    }
    byte[] stripped = Arrays.copyOfRange(field, start, end);
    String lenient = new String(stripped, StandardCharsets.UTF_8); // malformed bytes become U+FFFD
    boolean utf8 = Arrays.equals(lenient.getBytes(StandardCharsets.UTF_8), stripped);
    if (utf8) {
      assertThat(name).isEqualTo(lenient);
    } else {
      assertThat(name).as("not UTF-8: refused").isNull();
    }
    int offset = Math.min(ZmqFrames.HEADER_BYTES, message.length);
    int length = message.length - offset;
    if (length > 0) {
      FuzzInvariants.check(length, () -> CODEC.decode(message, offset, length, Object.class),
          ProtocolException.class, ValidationException.class); // the latter: a timestamp out of range
    }
    if (ZmqFrames.hasCallHeader(message)) {
      // A Java client's call header inside the frame: its length fits, and it reads as a header or
      // is refused with a ProtocolException, like the name before the mark.
      int headerLength = ZmqFrames.callHeaderLength(message);
      int headerAt = message.length - ZmqFrames.HEADER_LENGTH_BYTES - headerLength;
      assertThat(headerAt).isGreaterThanOrEqualTo(ZmqFrames.HEADER_BYTES);
      FuzzInvariants.check(message.length, () -> {
        try {
          return ZmqFrames.functionName(message, ZmqFrames.HEADER_BYTES - 1);
        } catch (CharacterCodingException e) {
          throw new NotUtf8(e);
        }
      }, NotUtf8.class);
      FuzzInvariants.check(headerLength, () -> io.zeroapi.internal.CallHeader.parse(message, headerAt, headerLength),
          ProtocolException.class);
    }
    byte[] reply = ZmqFrames.reply(message, new byte[] {(byte) 0xc0});
    assertThat(Arrays.copyOf(reply, ZmqFrames.ID_BYTES)).isEqualTo(Arrays.copyOf(message, ZmqFrames.ID_BYTES));
  }

  private static boolean strippable(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r') || b == 0;
  }

  /** CharacterCodingException (checked), carried out of the supplier: the declared refusal. */
  private static final class NotUtf8 extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotUtf8(CharacterCodingException cause) {
      super(cause);
    }
  }
}
