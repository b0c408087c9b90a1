package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link MsgpackReader} that the codec's round trips cannot tell apart (found by
 * mutation testing, docs/reliability.md §3): where a skip ends, the depth it leaves, the sizes its
 * guards compute and the numbers its messages give.
 */
class MsgpackReaderTest {
  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static MsgpackReader reader(String hex, int maxDepth) {
    byte[] data = hex(hex);
    return new MsgpackReader(data, 0, data.length, maxDepth);
  }

  @Test
  void skippingAValueOfEachKindEndsExactlyWhereTheNextBegins() throws Exception {
    MsgpackReader r = reader(
        "93 01 02 03"             // [1, 2, 3]
            + "82 a161 01 a162 91 02" // {"a": 1, "b": [2]}
            + "a3 737472"             // "str"
            + "c4 03 010203"          // bin of 3 bytes
            + "c7 02 05 0a0b"         // ext8 of type 5, 2 bytes
            + "d4 07 09"              // fixext1 of type 7
            + "c3"                    // true
            + "2a", 10);              // 42: read, not skipped
    for (int i = 0; i < 7; i++) {
      r.skipValue();
    }
    assertThat(r.unpacker().unpackInt()).isEqualTo(42);
    assertThat(r.consumed()).isEqualTo(hex("93010203 82a16101a1629102 a3737472 c403010203 c702050a0b d40709 c3 2a").length);
  }

  @Test
  void skippingLeavesTheNestingLevelsItEntered() throws Exception {
    // three values two levels deep, at a limit of two: each skip must leave both levels again
    MsgpackReader r = reader("91 91 01" + "81 a161 81 a162 02" + "91 81 a161 01", 2);
    r.skipValue();
    r.skipValue();
    r.skipValue();
    assertThat(r.unpacker().hasNext()).isFalse();
  }

  @Test
  void mapsCountTowardsTheNestingLimit() {
    MsgpackReader r = reader("81 a161 81 a162 81 a163 01", 2); // {"a": {"b": {"c": 1}}}
    assertThatThrownBy(r::skipValue).isInstanceOf(ProtocolException.class).hasMessage("nesting deeper than 2");
  }

  @Test
  void aMapCountIsCheckedAgainstTwoBytesPerEntry() {
    // 3 entries need at least 6 bytes; 5 remain
    MsgpackReader r = reader("df 00000003" + "a161 01 a162", 10);
    assertThatThrownBy(r::readMapHeader).isInstanceOf(ProtocolException.class)
        .hasMessage("map declares 3 entries but only 5 bytes remain (Input data was truncated)");
  }

  @Test
  void anArrayCountIsCheckedAgainstOneBytePerElement() throws Exception {
    assertThatThrownBy(() -> reader("dd 00000004" + "010203", 10).readArrayHeader()).isInstanceOf(ProtocolException.class)
        .hasMessage("array declares 4 entries but only 3 bytes remain (Input data was truncated)");
    assertThat(reader("dd 00000003" + "010203", 10).readArrayHeader()).isEqualTo(3);
  }

  @Test
  void stringAndBinaryLengthsAreCheckedBeforeReading() {
    assertThatThrownBy(() -> reader("d9 0a 6162", 10).readString()).isInstanceOf(ProtocolException.class)
        .hasMessage("str declares 10 bytes but only 2 remain (Input data was truncated)");
    assertThatThrownBy(() -> reader("c4 64 0102", 10).readBinary()).isInstanceOf(ProtocolException.class)
        .hasMessage("bin declares 100 bytes but only 2 remain (Input data was truncated)");
  }

  @Test
  void aWindowOutsideTheArrayIsRefused() {
    assertThatThrownBy(() -> new MsgpackReader(new byte[4], 2, 3, 10)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("offset 2, length 3 outside an array of 4");
    assertThat(new MsgpackReader(new byte[4], 1, 3, 10).consumed()).isZero();
  }

  @Test
  void theTypeOfATruncatedExtensionAtTheEndOfTheInputIsZero() throws Exception {
    MsgpackReader r = reader("d4", 10); // fixext1 without its type byte, at the end of the array
    assertThat(r.peekExtType(r.peek())).isZero();
    MsgpackReader whole = reader("d4 07 09", 10);
    assertThat(whole.peekExtType(whole.peek())).isEqualTo(7);
  }

  @Test
  void utf8IsDecodedWithinItsWindowAndAnErrorNamesTheByteInIt() {
    byte[] ascii = "xhello".getBytes(StandardCharsets.US_ASCII); // ends at the end of the array
    assertThat(MsgpackReader.decodeUtf8(ascii, 1, 5)).isEqualTo("hello");
    byte[] bad = {'x', 'a', 'b', (byte) 0xff, 'c'};
    assertThatThrownBy(() -> MsgpackReader.decodeUtf8(bad, 1, 4)).isInstanceOf(ProtocolException.class)
        .hasMessage("invalid UTF-8 in str at byte 2");
    assertThat(MsgpackReader.decodeUtf8("é!".getBytes(StandardCharsets.UTF_8), 0, 3)).isEqualTo("é!");
  }
}
