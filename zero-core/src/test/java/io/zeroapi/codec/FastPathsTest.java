package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.ProtocolException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec's fast paths for strings and byte arrays must give exactly what the general path
 * gives, or give up: checked on well-formed values and on many truncated and mutated ones.
 */
class FastPathsTest {
  private final MsgpackCodec codec = MsgpackCodec.create();

  @Test
  void asciiStringsEncodeAsTheGeneralPathDoes() {
    for (int n : new int[] {0, 1, 31, 32, 255, 256, 65535, 65536}) {
      String s = "a".repeat(n);
      byte[] fast = FastPaths.encodeAsciiString(s);
      assertThat(fast).isEqualTo(codec.encode(List.of(s)).length > 0 ? withoutArrayHeader(codec.encode(List.of(s))) : null);
    }
    assertThat(FastPaths.encodeAsciiString("é")).isNull();
  }

  @Test
  void asciiStringsDecodeAsTheGeneralPathDoes() {
    Random random = new Random(3);
    List<byte[]> inputs = new ArrayList<>();
    for (String s : List.of("", "a", "hello world", "x".repeat(31), "x".repeat(32), "x".repeat(300), "x".repeat(70_000), "é")) {
      inputs.add(codec.encode(s));
    }
    inputs.add(HexFormat.of().parseHex("d90161")); // str8 "a" (not the smallest form)
    inputs.add(HexFormat.of().parseHex("da000161")); // str16 "a"
    inputs.add(HexFormat.of().parseHex("db0000000161")); // str32 "a"
    inputs.add(HexFormat.of().parseHex("a3616263ff")); // trailing byte
    inputs.add(HexFormat.of().parseHex("a46162")); // truncated
    inputs.add(HexFormat.of().parseHex("dbffffffff61")); // huge declared length
    inputs.add(HexFormat.of().parseHex("a2c3a9")); // UTF-8, not ASCII
    inputs.add(HexFormat.of().parseHex("a1ff")); // invalid UTF-8
    int n = inputs.size();
    for (int i = 0; i < n; i++) {
      for (int m = 0; m < 200; m++) {
        byte[] mutated = inputs.get(i).clone();
        if (mutated.length > 0) {
          int at = random.nextInt(Math.min(mutated.length, 8));
          mutated[at] = (byte) random.nextInt(256);
        }
        inputs.add(mutated);
      }
    }
    for (byte[] input : inputs) {
      for (java.lang.reflect.Type type : List.<java.lang.reflect.Type>of(String.class, Object.class)) {
        String fast = FastPaths.decodeAsciiString(input, 0, input.length);
        if (fast == null) {
          continue;
        }
        Object general;
        try {
          general = codec.decodeGeneral(input, 0, input.length, type);
        } catch (RuntimeException e) {
          general = e;
        }
        assertThat(general).as(HexFormat.of().formatHex(input)).isEqualTo(fast);
        assertThat(codec.decode(input, 0, input.length, type)).isEqualTo(fast);
      }
    }
  }

  @Test
  void binaryEncodesAsMsgpackCoreDoes() throws Exception {
    for (int n : new int[] {0, 1, 255, 256, 65535, 65536, 100_000}) {
      byte[] b = new byte[n];
      new Random(n).nextBytes(b);
      var packer = org.msgpack.core.MessagePack.newDefaultBufferPacker();
      packer.packBinaryHeader(n);
      packer.writePayload(b);
      assertThat(FastPaths.encodeBinary(b)).isEqualTo(packer.toByteArray());
      assertThat(codec.encode(b)).isEqualTo(packer.toByteArray());
      assertThat(codec.encode(List.of(b))).isEqualTo(concat(new byte[] {(byte) 0x91}, packer.toByteArray()));
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] withoutArrayHeader(byte[] fixArrayOfOne) {
    return java.util.Arrays.copyOfRange(fixArrayOfOne, 1, fixArrayOfOne.length); // 0x91 prefix
  }
}
