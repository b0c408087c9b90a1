package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ProtocolException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Rules of the request envelope reader that the captures and the codec oracle do not pin (found by
 * mutation testing, docs/reliability.md §3): the boundaries between MessagePack's type ranges in
 * {@link TcpEnvelope#skip}, the sizes it jumps, headers that end exactly at the end of the input,
 * and which of its errors a short input gets.
 */
class TcpEnvelopeRulesTest {
  private final TcpEnvelope.Reader reader = new TcpEnvelope.Reader();

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Where skipping one value of {@code hex} (followed by a spare byte) ends. */
  private static int skipOne(String hex) {
    byte[] d = hex(hex + "c0");
    return TcpEnvelope.skip(d, 0, d.length, 1);
  }

  private static String repeat(String hex, int times) {
    return hex.repeat(times);
  }

  @Test
  void theTypeRangesMeetWhereMessagePackSaysTheyDo() {
    assertThat(skipOne("7f")).as("positive fixint 127").isEqualTo(1);
    assertThat(skipOne("e0")).as("negative fixint -32").isEqualTo(1);
    assertThat(skipOne("8f" + repeat("01", 30))).as("fixmap of 15 entries").isEqualTo(31);
    assertThat(skipOne("9f" + repeat("01", 15))).as("fixarray of 15").isEqualTo(16);
    assertThat(skipOne("bf" + repeat("61", 31))).as("fixstr of 31 bytes").isEqualTo(32);
  }

  @Test
  void declaredSizesAreJumpedExactly() {
    assertThat(skipOne("c4 03 010203")).as("bin8").isEqualTo(5);
    assertThat(skipOne("c7 02 05 0a0b")).as("ext8: type byte and data").isEqualTo(5);
    assertThat(skipOne("de 0002 01 02 03 04")).as("map16 of 2 entries").isEqualTo(7);
    assertThat(skipOne("dc 0003 01 02 03")).as("array16 of 3").isEqualTo(6);
  }

  @Test
  void skipErrorsSayWhatIsWrongAndWhere() {
    assertThatThrownBy(() -> skipOne("91 c1")).isInstanceOf(ProtocolException.class)
        .hasMessage("Malformed MessagePack request: invalid byte 0xc1 (never used) at offset 1");
    byte[] bin = hex("c4 05 0102");
    assertThatThrownBy(() -> TcpEnvelope.skip(bin, 0, bin.length, 1)).isInstanceOf(ProtocolException.class)
        .hasMessage("Malformed MessagePack request: declared length exceeds the input (Input data was truncated)");
    byte[] array = hex("dc 0005 010203"); // 5 elements, 3 bytes
    assertThatThrownBy(() -> TcpEnvelope.skip(array, 0, array.length, 1)).isInstanceOf(ProtocolException.class)
        .hasMessage("Malformed MessagePack request: declared length exceeds the input (Input data was truncated)");
  }

  @Test
  void mapHeadersEndingAtTheEndOfTheInputAreRead() {
    // an empty map16 / map32: read (no fn), not "truncated"
    assertThatThrownBy(() -> reader.read(hex("de 0000"))).hasMessage("Missing function name");
    assertThatThrownBy(() -> reader.read(hex("df 00000000"))).hasMessage("Missing function name");
    assertThatThrownBy(() -> reader.read(hex("de 00"))).hasMessage("Malformed MessagePack request: Input data was truncated");
    assertThatThrownBy(() -> reader.read(hex("df 000000"))).hasMessage("Malformed MessagePack request: Input data was truncated");
  }

  @Test
  void aMapCountIsCheckedAgainstTwoBytesPerEntryFirst() {
    // 2 entries need at least 4 bytes; 3 remain
    assertThatThrownBy(() -> reader.read(hex("82 a161 01")))
        .hasMessage("Malformed MessagePack request: declared length exceeds the input (Input data was truncated)");
    assertThat(reader.read(hex("81 a2666e a178")).function()).isEqualTo("x");
  }
}
