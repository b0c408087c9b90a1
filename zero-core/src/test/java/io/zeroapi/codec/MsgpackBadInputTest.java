package io.zeroapi.codec;

import static io.zeroapi.testing.WireCaptures.frames;
import static io.zeroapi.testing.WireCaptures.hex;
import static io.zeroapi.testing.WireCaptures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** reliability-security.md §2.7 B: hostile payloads end in ProtocolException, nothing else. */
@Timeout(10)
class MsgpackBadInputTest {
  record Named(String name) {}

  private final MsgpackCodec codec = MsgpackCodec.create();

  private void malformed(byte[] b, String messagePart) {
    for (Class<?> type : List.of(Object.class, String.class, Named.class, List.class, Instant.class)) {
      assertThatThrownBy(() -> codec.decode(b, 0, b.length, type))
          .as("decode into %s", type)
          .isInstanceOfAny(ProtocolException.class, ValidationException.class);
    }
    assertThatThrownBy(() -> codec.decode(b, 0, b.length, Object.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(messagePart);
  }

  @Test
  void b1StrLongerThanInput() {
    malformed(hex("dbffffffff616263"), "truncated");
    malformed(hex("d905 61"), "truncated");
  }

  @Test
  void b2BinAndExtLongerThanInput() {
    malformed(hex("c67fffffff00"), "truncated");
    malformed(hex("c97fffffff01"), "truncated");
    malformed(hex("c6ffffffff00"), "");
  }

  @Test
  void b3ArrayCountsBeyondInput() {
    malformed(hex("ddffffffff"), "");
    malformed(hex("dd7fffffff"), "truncated");
    malformed(hex("dc ffff c0"), "truncated");
  }

  @Test
  void b4MapCountsBeyondInput() {
    malformed(hex("df40000000"), "truncated");
    malformed(hex("dfffffffff"), "");
    malformed(hex("df00000001c0"), "truncated"); // 1 entry needs 2 bytes
  }

  @Test
  void b5DeepNesting() {
    byte[] million = new byte[1_000_001];
    Arrays.fill(million, (byte) 0x91);
    million[1_000_000] = (byte) 0xc0;
    long start = System.nanoTime();
    assertThatThrownBy(() -> codec.decode(million, 0, million.length, Object.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("nesting deeper than 1000");
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);

    byte[] maps = new byte[3 * 10_000 + 1];
    for (int i = 0; i < 10_000; i++) {
      maps[3 * i] = (byte) 0x81;
      maps[3 * i + 1] = (byte) 0xa1;
      maps[3 * i + 2] = 0x61;
    }
    maps[maps.length - 1] = (byte) 0xc0;
    malformed(maps, "nesting deeper than 1000");
  }

  @Test
  void b6DepthExactlyAtTheLimit() {
    byte[] atLimit = new byte[1001];
    Arrays.fill(atLimit, (byte) 0x91);
    atLimit[1000] = (byte) 0xc0;
    Object value = codec.decode(atLimit, 0, atLimit.length, Object.class);
    int depth = 0;
    while (value instanceof List<?> list) {
      value = list.get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(1000);
    assertThat(codec.decode(atLimit, 0, atLimit.length, List.class)).isNotNull();
    // one more level fails
    byte[] over = new byte[1002];
    Arrays.fill(over, (byte) 0x91);
    over[1001] = (byte) 0xc0;
    assertThatThrownBy(() -> codec.decode(over, 0, over.length, Object.class))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void b7UnknownExtensionTypes() {
    for (int type : new int[] {0, 5, 127, -2, -128}) {
      for (int length : new int[] {0, 1, 255, 70_000}) {
        byte[] b = extension(type, length);
        Object value = codec.decode(b, 0, b.length, Object.class);
        assertThat(value).isInstanceOf(ExtensionValue.class);
        assertThatThrownBy(() -> codec.decode(b, 0, b.length, String.class))
            .isInstanceOf(ValidationException.class)
            .hasMessage("Expected `str`, got `ext`");
      }
    }
  }

  private static byte[] extension(int type, int length) {
    byte[] header;
    if (length == 1) {
      header = new byte[] {(byte) 0xd4, (byte) type};
    } else if (length < 256) {
      header = new byte[] {(byte) 0xc7, (byte) length, (byte) type};
    } else {
      header = new byte[] {(byte) 0xc9, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type};
    }
    return Arrays.copyOf(header, header.length + length);
  }

  @Test
  void b8BadTimestamps() {
    malformed(hex("c701ff00"), "timestamp");
    malformed(hex("c705ff0000000000"), "timestamp");
    malformed(hex("c70dff00000000000000000000000000"), "timestamp");
    malformed(hex("c70cff3b9aca000000000000000000"), "nanoseconds"); // nanos = 10^9
    malformed(hex("d7ff" + "ee6b2800" + "00000000"), "nanoseconds"); // nanos field = 10^9 (<<2)
  }

  /**
   * Fuzzing finding 1 (docs/reliability.md): a well-formed 96-bit timestamp whose seconds are outside
   * Instant's range is a ValidationException, untyped too, not a ProtocolException as decode(byte[])
   * used to document.
   */
  @Test
  void b8TimestampOutsideInstantsRangeIsAValidationError() {
    // finding 5: a timestamp beyond year 9999 is an Instant, but no LocalDateTime (sent as RFC 3339
    // text with a four-digit year, it could not be read back)
    byte[] year20000 = hex("c70cff" + "00000000" + String.format("%016x", 568_971_820_800L)); // 20000-01-01T00:00Z
    assertThat(codec.decode(year20000)).isEqualTo(Instant.parse("+20000-01-01T00:00:00Z"));
    assertThatThrownBy(() -> codec.decode(year20000, 0, year20000.length, java.time.LocalDateTime.class))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Timestamp is out of range");

    byte[] farFuture = hex("c70cff" + "00000005" + "01ffffffffffffff");
    assertThatThrownBy(() -> codec.decode(farFuture))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Timestamp is out of range");
    assertThatThrownBy(() -> codec.decode(farFuture, 0, farFuture.length, Instant.class))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Timestamp is out of range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a2c328", "a2c0af", "a3eda080", "a1ff"})
  void b9InvalidUtf8(String hexString) {
    malformed(hex(hexString), "UTF-8");
  }

  @Test
  void b10ReservedByte() {
    malformed(hex("c1"), "0xc1");
    malformed(hex("92c0c1"), "0xc1");
  }

  @Test
  void b11TruncatedScalars() {
    malformed(hex("cb0000"), "truncated");
    malformed(hex("cd01"), "truncated");
    malformed(hex("d90561"), "truncated");
    malformed(new byte[0], "truncated");
    malformed(hex("92c0"), "truncated");
  }

  @Test
  void b12TrailingBytes() {
    byte[] b = hex("c0c0");
    assertThatThrownBy(() -> codec.decode(b, 0, b.length, Object.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("trailing bytes after the value at offset 1");
    // the length bounds the value: bytes beyond it are not looked at
    assertThat(codec.decode(b, 0, 1, Object.class)).isNull();
  }

  @Test
  void b13Uint64NeverNegative() {
    byte[] b = hex("cfffffffffffffffff");
    assertThat(codec.decode(b, 0, b.length, Object.class))
        .isEqualTo(new java.math.BigInteger("18446744073709551615"));
    assertThatThrownBy(() -> codec.decode(b, 0, b.length, long.class)).isInstanceOf(ValidationException.class);
  }

  @Test
  void amplificationShapesDecode() {
    byte[] nils = new byte[5 + 100_000];
    nils[0] = (byte) 0xdd;
    nils[2] = 1;
    nils[3] = (byte) 0x86;
    nils[4] = (byte) 0xa0;
    Arrays.fill(nils, 5, nils.length, (byte) 0xc0);
    assertThat((List<?>) codec.decode(nils, 0, nils.length, Object.class)).hasSize(100_000);
  }

  @Test
  void b16CollidingStringKeys() {
    // 2^17 keys of "Aa"/"BB" blocks all share one String.hashCode
    int count = 1 << 17;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xdf, 0, 2, 0, 0});
    for (int i = 0; i < count; i++) {
      out.write(0xd9);
      out.write(34);
      for (int bit = 16; bit >= 0; bit--) {
        out.writeBytes(((i >> bit) & 1) == 0 ? new byte[] {'A', 'a'} : new byte[] {'B', 'B'});
      }
      out.write(0xc0);
    }
    byte[] b = out.toByteArray();
    long start = System.nanoTime();
    assertThat((java.util.Map<?, ?>) codec.decode(b, 0, b.length, Object.class)).hasSize(count);
    assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
  }

  @Test
  void randomGarbageNeverEscapesOtherExceptions() {
    java.util.Random random = new java.util.Random(42);
    byte[] seed = payload(frames("tcp_struct_request.hex").get(0));
    for (int i = 0; i < 20_000; i++) {
      byte[] b = seed.clone();
      int flips = 1 + random.nextInt(4);
      for (int j = 0; j < flips; j++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      int length = random.nextInt(b.length + 1);
      for (Class<?> type : List.of(Object.class, MsgpackGoldenTest.Order.class)) {
        try {
          codec.decode(b, 0, length, type);
        } catch (ProtocolException | ValidationException expected) {
          // fine
        }
      }
    }
  }
}
