package io.zeroapi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeroapi.ProtocolException;
import io.zeroapi.testing.FuzzInvariants;
import io.zeroapi.testing.FuzzInvariants.Outcome;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target of the call header a Java client sends with a call (docs/metadata.md), which a server
 * reads from untrusted bytes on both transports. In a plain test run it runs over its committed
 * corpus under {@code src/test/resources/io/zeroapi/internal/CallHeaderFuzzTestInputs/}; {@code
 * ./zero fuzz callHeader} fuzzes it. Every input reads as a header or is refused with a {@link
 * ProtocolException} within a bounded allocation, and a header read back from its own encoding is
 * the same header.
 */
@Timeout(10)
class CallHeaderFuzzTest {
  static {
    // One-time costs (msgpack-core's exception classes, their first stack traces: ~350 KB) are not
    // an input's: pay them before the allocation bound is checked.
    for (byte[] warm : new byte[][] {{(byte) 0xde, 0x00, 0x05, (byte) 0xa0}, {(byte) 0x81, (byte) 0xa1}, {}}) {
      try {
        CallHeader.parse(warm, 0, warm.length);
      } catch (ProtocolException expected) {
        // warmed
      }
    }
  }

  @FuzzTest
  void callHeader(byte[] input) {
    Outcome<CallHeader> read = FuzzInvariants.check(input.length, () -> CallHeader.parse(input, 0, input.length),
        ProtocolException.class);
    if (read.ok()) {
      CallHeader header = read.value();
      assertThat(header.timeoutMillis()).isNotNegative();
      byte[] again = CallHeader.encode(header.timeoutMillis(), header.metadata());
      if (again == null) {
        assertThat(header.timeoutMillis()).isZero();
        assertThat(header.metadata().isEmpty()).isTrue();
      } else {
        CallHeader back = CallHeader.parse(again, 0, again.length);
        assertThat(back.timeoutMillis()).isEqualTo(header.timeoutMillis());
        assertThat(back.metadata()).isEqualTo(header.metadata());
      }
    }
  }
}
