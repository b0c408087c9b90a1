package io.zeroapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Metadata;
import io.zeroapi.ProtocolException;
import io.zeroapi.testing.TransportCalls;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The call header's fast path (fixmaps of ASCII strings, what a traced Java client sends) reads
 * what the general path reads, and leaves everything else to it: round trips of random headers,
 * both kinds; every truncation of a header is refused as the general path refuses it.
 */
class CallHeaderFastPathTest {
  private static CallHeader parse(byte[] bytes) {
    return CallHeader.parse(bytes, 0, bytes.length);
  }

  @Test
  void randomHeadersRoundTrip() {
    Random random = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      Map<String, String> entries = new LinkedHashMap<>();
      int n = random.nextInt(20);
      for (int i = 0; i < n; i++) {
        entries.put("k" + random.nextInt(1000), text(random, random.nextInt(300)));
      }
      long timeout = random.nextBoolean() ? 0 : random.nextLong(1L << 33);
      byte[] bytes = CallHeader.encode(timeout, Metadata.of(entries));
      if (bytes == null) {
        continue;
      }
      CallHeader read = parse(bytes);
      assertThat(read.timeoutMillis()).isEqualTo(timeout);
      assertThat(read.metadata().asMap()).containsExactlyEntriesOf(entries);
    }
  }

  @Test
  void aTraceContextHeaderReadsBack() {
    Metadata sent = Metadata.of(Map.of(Metadata.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        Metadata.TRACESTATE, "vendor=opaque,other=1"));
    CallHeader read = parse(CallHeader.encode(5_000, sent));
    assertThat(read.timeoutMillis()).isEqualTo(5_000);
    assertThat(read.metadata()).isEqualTo(sent);
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] whole = CallHeader.encode(70_000, Metadata.of(Map.of("traceparent", "00-abc-01", "k", "v")));
    for (int length = 0; length < whole.length; length++) {
      byte[] cut = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> parse(cut)).as("%d of %d bytes", length, whole.length)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void refusalsOfTheGeneralPathStand() {
    // A metadata key over the length limit breaks Metadata's rules: the general path says so.
    byte[] bytes = TransportCalls.msgpack(Map.of("meta", Map.of("k".repeat(Metadata.MAX_KEY_LENGTH + 1), "v")));
    assertThatThrownBy(() -> parse(bytes)).isInstanceOf(ProtocolException.class).hasMessageContaining("Malformed call header");
    byte[] header = CallHeader.encode(10, Metadata.of("k", "v"));
    byte[] trailing = Arrays.copyOf(header, header.length + 1); // a 0 after the map
    assertThatThrownBy(() -> parse(trailing)).isInstanceOf(ProtocolException.class);
  }

  private static String text(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    boolean ascii = random.nextInt(4) > 0;
    for (int i = 0; i < length; i++) {
      b.append(ascii ? (char) (' ' + random.nextInt(95)) : (char) ('a' + random.nextInt(0x3000)));
    }
    return b.toString();
  }
}
