package io.zeroapi.internal;

import static io.zeroapi.testing.WireCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Metadata;
import io.zeroapi.ProtocolException;
import io.zeroapi.testing.TransportCalls;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The call header's bytes, read back, and what a server refuses in one. */
class CallHeaderTest {
  private static CallHeader parse(byte[] bytes) {
    return CallHeader.parse(bytes, 0, bytes.length);
  }

  @Test
  void nothingToSendIsNoHeader() {
    assertThat(CallHeader.encode(0, Metadata.empty())).isNull();
  }

  @Test
  void theCommonHeaderIsATimeoutAlone() {
    assertThat(hex(CallHeader.encode(5000, Metadata.empty()))).isEqualTo("81a774696d656f7574cd1388");
    for (long timeout : new long[] {1, 127, 128, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L}) {
      CallHeader read = parse(CallHeader.encode(timeout, Metadata.empty()));
      assertThat(read.timeoutMillis()).as("%d", timeout).isEqualTo(timeout);
      assertThat(read.metadata().isEmpty()).isTrue();
    }
  }

  @Test
  void metadataRoundTripsInOrderIncludingMoreThanAFixmapHolds() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < Metadata.MAX_ENTRIES; i++) {
      entries.put("key-" + i, "välue " + "x".repeat(i * 10));
    }
    CallHeader read = parse(CallHeader.encode(250, Metadata.of(entries)));
    assertThat(read.timeoutMillis()).isEqualTo(250);
    assertThat(read.metadata().asMap()).containsExactlyEntriesOf(entries);
    assertThat(parse(CallHeader.encode(0, Metadata.of("a", ""))).metadata().asMap()).isEqualTo(Map.of("a", ""));
  }

  @Test
  void unknownEntriesAreSkippedForLaterVersions() {
    byte[] bytes = TransportCalls.msgpack(Map.of("timeout", 10, "future", Map.of("x", "y"), "meta", Map.of("k", "v")));
    CallHeader read = parse(bytes);
    assertThat(read.timeoutMillis()).isEqualTo(10);
    assertThat(read.metadata().get("k")).isEqualTo("v");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", // nothing
      "c0", // nil, not a map
      "81a774696d656f7574a131", // timeout "1"
      "81a774696d656f7574ff", // timeout -1
      "81a774696d656f7574cfffffffffffffffff", // timeout over a long
      "81a46d657461a131", // meta not a map
      "81a46d65746181a16b01", // a meta value not a string
      "81a46d6574618101a176", // a meta key not a string
      "81a46d65746181a14bc0", // ... nor nil
      "81a46d65746181a14ba176", // upper case key
      "81a46d65746181a16bdbffffffff", // a str declaring 4 GiB
      "81a46d657461dfffffffff", // a map declaring 4 billion entries
      "81a774696d656f757401c0", // bytes after the map
      "81a46d65746181a16ba2c328", // invalid UTF-8
  })
  void malformedHeadersAreRefusedWithAProtocolException(String bytes) {
    assertThatThrownBy(() -> parse(hex(bytes)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Malformed call header: ");
  }

  @Test
  void aHeaderOverTheLimitIsRefusedBeforeItIsRead() {
    assertThatThrownBy(() -> CallHeader.parse(new byte[CallHeader.MAX_BYTES + 1], 0, CallHeader.MAX_BYTES + 1))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("over " + CallHeader.MAX_BYTES);
  }
}
