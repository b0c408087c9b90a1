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
 * The codec's fast paths must give exactly what the general path gives, or give up: checked on
 * well-formed envelopes and on many truncated and mutated ones.
 */
class EnvelopeFastPathTest {
  private final MsgpackCodec codec = MsgpackCodec.create();
  private static final String[] NAMES = new String[4]; // small: many collisions

  private List<byte[]> samples() {
    List<byte[]> samples = new ArrayList<>();
    samples.add(codec.encodeRequest("hello_world", null));
    samples.add(codec.encodeRequest("echo", "hello there"));
    samples.add(codec.encodeRequest("echo", "héllo"));
    samples.add(codec.encodeRequest("fn_with_a_name_longer_than_thirty_one_bytes", 42L));
    samples.add(codec.encodeRequest("f", List.of(1L, -1L, 300L, 70000L, 5_000_000_000L, -5_000_000_000L)));
    samples.add(codec.encodeRequest("f", Map.of("a", List.of(Map.of("b", 1.5)), "c", new byte[300])));
    samples.add(codec.encodeRequest("f", Instant.parse("2024-01-02T03:04:05.123Z")));
    samples.add(codec.encodeRequest("f", "x".repeat(70_000)));
    Map<String, Object> nested = new LinkedHashMap<>();
    Object deep = 1L;
    for (int i = 0; i < 40; i++) {
      deep = List.of(deep);
    }
    nested.put("deep", deep);
    samples.add(codec.encodeRequest("f", nested));
    samples.add(HexFormat.of().parseHex("82a464617461c0a2666ea1")); // data first, then fn (truncated)
    samples.add(HexFormat.of().parseHex("82a464617461c0a2666ea178")); // data first, then fn
    samples.add(HexFormat.of().parseHex("83a2666ea161a2666ea162a464617461c3")); // fn twice
    samples.add(HexFormat.of().parseHex("81a2666ea0")); // empty fn
    samples.add(HexFormat.of().parseHex("81a2666ec0")); // nil fn
    return samples;
  }

  @Test
  void fastPathAgreesWithTheGeneralPathOrGivesUp() {
    Random random = new Random(42);
    int fast = 0;
    for (byte[] sample : samples()) {
      fast += check(sample);
      for (int cut = 0; cut < Math.min(sample.length, 64); cut++) {
        check(java.util.Arrays.copyOf(sample, cut));
      }
      for (int i = 0; i < 3000; i++) {
        byte[] mutated = sample.clone();
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
          int at = random.nextInt(Math.min(mutated.length, 48));
          mutated[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : mutated[at] ^ (1 << random.nextInt(8)));
        }
        fast += check(mutated);
      }
    }
    assertThat(fast).isGreaterThan(1000); // the fast path did take most good inputs
  }

  @Test
  void asciiStringsEncodeAsTheGeneralPathDoes() {
    for (int n : new int[] {0, 1, 31, 32, 255, 256, 65535, 65536}) {
      String s = "a".repeat(n);
      byte[] fast = EnvelopeFastPath.encodeAsciiString(s);
      assertThat(fast).isEqualTo(codec.encode(List.of(s)).length > 0 ? withoutArrayHeader(codec.encode(List.of(s))) : null);
    }
    assertThat(EnvelopeFastPath.encodeAsciiString("é")).isNull();
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
        String fast = EnvelopeFastPath.decodeAsciiString(input, 0, input.length);
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
      assertThat(EnvelopeFastPath.encodeBinary(b)).isEqualTo(packer.toByteArray());
      assertThat(codec.encode(b)).isEqualTo(packer.toByteArray());
      assertThat(codec.encode(List.of(b))).isEqualTo(concat(new byte[] {(byte) 0x91}, packer.toByteArray()));
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void requestEnvelopesEncodeAsTheGeneralPathDoes() throws Exception {
    for (String name : List.of("f", "hello_world", "x".repeat(31), "x".repeat(32), "héllo")) {
      for (Object argument : java.util.Arrays.asList(null, "", "abc", "y".repeat(40), "y".repeat(300), "y".repeat(70_000), "é", 5L)) {
        byte[] fast = EnvelopeFastPath.encodeRequest(name, argument);
        var packer = org.msgpack.core.MessagePack.newDefaultBufferPacker();
        packer.packMapHeader(2);
        packer.packString("fn");
        packer.packString(name);
        packer.packString("data");
        packer.writePayload(codec.encode(argument));
        byte[] expected = packer.toByteArray();
        if (fast != null) {
          assertThat(fast).as(name + " / " + argument).isEqualTo(expected);
        } else {
          assertThat(name.chars().allMatch(c -> c < 0x80) && (argument == null || argument instanceof String s && s.chars().allMatch(c -> c < 0x80))).isFalse();
        }
        assertThat(codec.encodeRequest(name, argument)).isEqualTo(expected);
      }
    }
  }

  private static byte[] withoutArrayHeader(byte[] fixArrayOfOne) {
    return java.util.Arrays.copyOfRange(fixArrayOfOne, 1, fixArrayOfOne.length); // 0x91 prefix
  }

  /** Returns 1 when the fast path took the input. */
  private int check(byte[] input) {
    Codec.RequestEnvelope fast = EnvelopeFastPath.decodeRequest(input, 0, input.length, 1000, NAMES);
    Codec.RequestEnvelope uncached = EnvelopeFastPath.decodeRequest(input, 0, input.length, 1000);
    assertThat(fast).isEqualTo(uncached);
    Object general;
    try {
      general = codec.decodeRequestGeneral(input, 0, input.length);
    } catch (ProtocolException e) {
      general = e;
    }
    if (fast != null) {
      assertThat(general).as(HexFormat.of().formatHex(input)).isEqualTo(fast);
      return 1;
    }
    return 0;
  }
}
