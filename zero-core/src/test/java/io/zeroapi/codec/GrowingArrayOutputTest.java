package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/** The single-array output must give the bytes of msgpack-core's own buffer packer. */
class GrowingArrayOutputTest {
  record Order(long id, double price, String name, Instant created_at, List<String> items) {}

  private static byte[] reference(Object value) throws Exception {
    MessageBufferPacker packer = new MessagePack.PackerConfig().withBufferSize(256).newBufferPacker();
    new Encoders.Context(packer, 1000).write(value);
    return packer.toByteArray();
  }

  private static byte[] growing(Object value, int initial) throws Exception {
    GrowingArrayOutput out = new GrowingArrayOutput(initial);
    MessagePacker packer = new MessagePack.PackerConfig().withBufferSize(256).newPacker(out);
    new Encoders.Context(packer, 1000).write(value);
    packer.flush();
    return out.toByteArray();
  }

  @Test
  void sameBytesAsTheBufferPacker() throws Exception {
    Random random = new Random(7);
    List<Object> values = new ArrayList<>();
    values.add(null);
    values.add(new Order(42, 19.99, "apple pie", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b")));
    values.add("é".repeat(5000));
    byte[] big = new byte[100_000];
    random.nextBytes(big);
    values.add(big);
    values.add(List.of(new byte[8191], new byte[8192], new byte[8193], "x".repeat(300)));
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < 2000; i++) {
      map.put("key" + i, i % 3 == 0 ? (Object) ((long) i * 1_000_003) : i % 3 == 1 ? "v" + i : List.of(i, -i, 1.5 * i));
    }
    values.add(map);
    for (Object value : values) {
      byte[] expected = reference(value);
      for (int initial : new int[] {1, 16, 64, 1 << 20}) {
        assertThat(growing(value, initial)).isEqualTo(expected);
      }
    }
  }
}
