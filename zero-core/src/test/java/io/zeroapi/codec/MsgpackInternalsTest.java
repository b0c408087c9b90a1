package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ProtocolException;
import io.zeroapi.TypeRef;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MsgpackInternalsTest {
  record Tree(String name, List<Tree> children, Map<String, Tree> index) {}

  record Pair<A, B>(A first, B second) {}

  @Test
  void isoTimeMatchesPythonIsoformat() {
    assertThat(IsoTime.format(LocalDateTime.of(2021, 4, 2, 18, 18, 10, 123_000)))
        .isEqualTo("2021-04-02T18:18:10.000123");
    assertThat(IsoTime.format(LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("0001-01-01T00:00:00");
    assertThat(IsoTime.format(LocalTime.of(23, 59, 59, 999_999_999))).isEqualTo("23:59:59.999999999");
    assertThat(IsoTime.format(LocalTime.NOON)).isEqualTo("12:00:00");
    assertThat(IsoTime.format(LocalDate.of(999, 12, 31))).isEqualTo("0999-12-31");
  }

  @Test
  void typeResolutionKeepsJdkEquality() {
    Type jdk = new TypeRef<Map<String, List<Integer>>>() {}.type();
    Type ours = Types.resolve(jdk, Map.of(List.class.getTypeParameters()[0], Integer.class));
    assertThat(ours).isEqualTo(jdk);
    assertThat(ours.hashCode()).isEqualTo(jdk.hashCode());
    Type pair = new TypeRef<Pair<String, Integer>>() {}.type();
    Type first = Types.resolve(Pair.class.getRecordComponents()[0].getGenericType(), Types.bindings(pair));
    assertThat(first).isEqualTo(String.class);
    assertThat(Types.raw(((ParameterizedType) jdk).getActualTypeArguments()[1])).isEqualTo(List.class);
  }

  @Test
  void strictUtf8() {
    assertThat(MsgpackReader.decodeUtf8("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, 6))
        .isEqualTo("héllo");
    for (String bad : new String[] {"c328", "c0af", "eda080", "ff", "f4908080"}) {
      byte[] b = HexFormat.of().parseHex(bad);
      assertThatThrownBy(() -> MsgpackReader.decodeUtf8(b, 0, b.length))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("UTF-8");
    }
  }

  @Test
  void readerChecksCountsBeforeAllocating() throws Exception {
    byte[] b = HexFormat.of().parseHex("dc0003c0c0");
    MsgpackReader r = new MsgpackReader(b, 0, b.length, 10);
    assertThatThrownBy(r::readArrayHeader).isInstanceOf(ProtocolException.class);
    byte[] ok = HexFormat.of().parseHex("dc0002c0c0");
    MsgpackReader r2 = new MsgpackReader(ok, 0, ok.length, 10);
    assertThat(r2.readArrayHeader()).isEqualTo(2);
    assertThat(MsgpackReader.initialCapacity(Integer.MAX_VALUE)).isEqualTo(16);
  }

  @Test
  void adaptersForRecursiveTypesBuiltConcurrently() throws Exception {
    Tree tree = new Tree("a", List.of(new Tree("b", List.of(), Map.of())), Map.of("c", new Tree("c", List.of(), Map.of())));
    MsgpackCodec codec = MsgpackCodec.builder().build(); // fresh adapter cache
    byte[] bytes = codec.encode(tree);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Type type = i % 2 == 0 ? Tree.class : new TypeRef<List<Tree>>() {}.type();
        byte[] input = i % 2 == 0 ? bytes : codec.encode(List.of(tree, tree));
        results.add(pool.submit(() -> {
          start.await();
          Object last = null;
          for (int j = 0; j < 200; j++) {
            last = codec.decode(input, 0, input.length, type);
          }
          return last;
        }));
      }
      start.countDown();
      for (int i = 0; i < threads; i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? tree : List.of(tree, tree));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
