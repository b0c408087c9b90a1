package io.zeroapi.internal.tcp;

import static io.zeroapi.testing.WireCaptures.concat;
import static io.zeroapi.testing.WireCaptures.frame;
import static io.zeroapi.testing.WireCaptures.frames;
import static io.zeroapi.testing.WireCaptures.hex;
import static io.zeroapi.testing.WireCaptures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.ProtocolException;
import io.zeroapi.codec.MsgpackCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw TCP request envelope: the Python original's bytes, its semantics, and hostile input. */
class TcpEnvelopeTest {
  /** Same field names and order as the Python msgspec Struct. */
  record Order(int id, double price, String name, Instant created_at, List<String> items) {}

  private final MsgpackCodec codec = MsgpackCodec.create();
  private final TcpEnvelope.Reader reader = new TcpEnvelope.Reader();

  private byte[] envelope(String function, Object argument) {
    byte[] prefix = TcpEnvelope.prefix(function);
    byte[] data = argument == null ? TcpEnvelope.NIL : codec.encode(argument);
    return concat(prefix, data);
  }

  @Test
  void requestsEncodeAsThePythonClientDid() {
    assertThat(hex(envelope("echo", "hello"))).isEqualTo(hex(payload(frame("tcp_request.hex"))));
    assertThat(hex(envelope("hello_world", null))).isEqualTo(hex(payload(frame("tcp_hello_world_request.hex"))));
    Order order =
        new Order(41, 10.25, "widget", Instant.parse("2024-05-06T07:08:09.123456Z"), List.of("a", "b"));
    assertThat(hex(envelope("process_order", order))).isEqualTo(hex(payload(frame("tcp_struct_request.hex"))));
  }

  @Test
  void prefixUsesTheSmallestStrFormOfTheName() throws Exception {
    for (String name : List.of("f", "x".repeat(31), "x".repeat(32), "x".repeat(255), "x".repeat(256), "héllo", "名前")) {
      var packer = org.msgpack.core.MessagePack.newDefaultBufferPacker();
      packer.packMapHeader(2);
      packer.packString("fn");
      packer.packString(name);
      packer.packString("data");
      assertThat(TcpEnvelope.prefix(name)).as(name).isEqualTo(packer.toByteArray());
    }
  }

  @Test
  void aHeaderIsAThirdEntryThatTheOriginalsReadingIgnores() throws Exception {
    byte[] header = io.zeroapi.internal.CallHeader.encode(1500, io.zeroapi.Metadata.of("tenant", "acme"));
    byte[] request = concat(TcpEnvelope.prefix(TcpEnvelope.prefix("echo"), header), codec.encode("hi"));
    // The original reads the map with .get("fn") and .get("data"): both are where they were.
    @SuppressWarnings("unchecked")
    Map<String, Object> asPython = (Map<String, Object>) codec.decode(request, 0, request.length, Object.class);
    assertThat(asPython).containsEntry("fn", "echo").containsEntry("data", "hi")
        .containsEntry("headers", Map.of("timeout", 1500L, "meta", Map.of("tenant", "acme")));
    int[] found = new int[4];
    reader.read(request, new TcpEnvelope.Target() {
      @Override
      public void found(String function, int argumentOffset, int argumentLength) {
        assertThat(function).isEqualTo("echo");
        found[0] = argumentOffset;
        found[1] = argumentLength;
      }

      @Override
      public void header(int offset, int length) {
        found[2] = offset;
        found[3] = length;
      }
    });
    assertThat(Arrays.copyOfRange(request, found[0], found[0] + found[1])).isEqualTo(codec.encode("hi"));
    assertThat(Arrays.copyOfRange(request, found[2], found[2] + found[3])).isEqualTo(header);
  }

  @Test
  void pythonRequestsRead() {
    byte[] bytes = payload(frame("tcp_struct_request.hex"));
    TcpEnvelope.Request request = reader.read(bytes);
    assertThat(request.function()).isEqualTo("process_order");
    Order order = (Order) codec.decode(bytes, request.argumentOffset(), request.argumentLength(), Order.class);
    assertThat(order.id()).isEqualTo(41);
    assertThat(order.created_at()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123456Z"));

    List<byte[]> f = frames("tcp_edge_cases.hex");
    TcpEnvelope.Request noData = reader.read(payload(f.get(8))); // hello_world without 'data'
    assertThat(noData.function()).isEqualTo("hello_world");
    assertThat(noData.argumentLength()).isZero();
    assertThat(reader.read(payload(f.get(22))).function()).isEqualTo("echo"); // echo(123)
    assertThatThrownBy(() -> reader.read(payload(f.get(14)))).hasMessage("Request must be a dict");
    assertThatThrownBy(() -> reader.read(payload(f.get(16)))).hasMessage("Missing function name");
    assertThatThrownBy(() -> reader.read(payload(f.get(24))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("Malformed MessagePack request:")
        .hasMessageContaining("0xc1");
  }

  @Test
  void semanticsOfTheOriginal() {
    assertThat(reader.read(hex("83a2666ea161a2666ea162a464617461c0")).function()).isEqualTo("b"); // last fn wins
    for (String notAMap : new String[] {"91c0", "05", "c0", "a178"}) {
      assertThatThrownBy(() -> reader.read(hex(notAMap))).isInstanceOf(ProtocolException.class)
          .hasMessage("Request must be a dict");
    }
    for (String noFn : new String[] {"81a464617461c0", "81a2666ea0", "81a2666e05", "81a2666ec0", "80", "82a2666ea161a2666ec0", "8105c0"}) {
      assertThatThrownBy(() -> reader.read(hex(noFn))).as(noFn).isInstanceOf(ProtocolException.class)
          .hasMessage("Missing function name");
    }
    // unknown keys skipped, including big nested ones; map16 and str8 names are fine
    byte[] extra = hex("83a178929192c0c0c0a2666ea161a464617461c3");
    TcpEnvelope.Request request = reader.read(extra);
    assertThat(request.function()).isEqualTo("a");
    assertThat(codec.decode(extra, request.argumentOffset(), request.argumentLength(), boolean.class)).isEqualTo(true);
    assertThat(reader.read(hex("de0001a2666ed90161")).function()).isEqualTo("a");
    assertThat(reader.read(envelope("héllo", 1L)).function()).isEqualTo("héllo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a2c328", "a2c0af", "a3eda080", "a1ff"})
  void invalidUtf8InTheNameOrAKeyIsRefused(String str) {
    assertThatThrownBy(() -> reader.read(concat(hex("81a2666e"), hex(str))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> reader.read(concat(concat(hex("82a2666ea161"), hex(str)), hex("c0"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void trailingBytesTruncationAndInflatedSizesAreRefused() {
    assertThatThrownBy(() -> reader.read(concat(envelope("echo", "x"), hex("c0c0"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("trailing bytes");
    assertThatThrownBy(() -> reader.read(new byte[0])).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("truncated");
    for (String inflated : new String[] {"82a2666ea161a464617461ddffffffff", "82a2666ea161a464617461dbffffffff61",
        "df7fffffffa2666e", "82a2666ea161a464617461c9ffffffff01", "8fa2666ea161"}) {
      assertThatThrownBy(() -> reader.read(hex(inflated))).as(inflated)
          .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
    }
  }

  @Test
  void deepNestingIsDelimitedWithoutRecursionAndRefusedByTheCodec() {
    byte[] million = new byte[1_000_001];
    Arrays.fill(million, (byte) 0x91);
    million[1_000_000] = (byte) 0xc0;
    byte[] request = concat(hex("82a2666ea46563686fa464617461"), million);
    TcpEnvelope.Request read = reader.read(request); // no StackOverflowError: the skip is iterative
    assertThat(read.argumentLength()).isEqualTo(million.length);
    assertThatThrownBy(() -> codec.decode(request, read.argumentOffset(), read.argumentLength(), Object.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("nesting deeper than 1000");
  }

  /**
   * The reader against a reference built on the codec's untyped decoding of the whole payload:
   * when the reference reads a request, the reader reads the same function and argument; when the
   * reader reads one the reference refuses, the refusal is inside the argument (which the codec
   * refuses when it decodes it) or inside the value of a key the original ignores. The reader never
   * throws anything but ProtocolException.
   */
  @Test
  void agreesWithTheCodecOnManyWellFormedAndMutatedRequests() {
    List<byte[]> samples = new ArrayList<>();
    samples.add(envelope("hello_world", null));
    samples.add(envelope("echo", "hello there"));
    samples.add(envelope("echo", "héllo"));
    samples.add(envelope("fn_with_a_name_longer_than_thirty_one_bytes", 42L));
    samples.add(envelope("f", List.of(1L, -1L, 300L, 70000L, 5_000_000_000L, -5_000_000_000L)));
    samples.add(envelope("f", Map.of("a", List.of(Map.of("b", 1.5)), "c", new byte[300])));
    samples.add(envelope("f", Instant.parse("2024-01-02T03:04:05.123Z")));
    samples.add(envelope("f", "x".repeat(300)));
    Map<String, Object> nested = new LinkedHashMap<>();
    Object deep = 1L;
    for (int i = 0; i < 40; i++) {
      deep = List.of(deep);
    }
    nested.put("deep", deep);
    samples.add(envelope("f", nested));
    samples.add(hex("82a464617461c0a2666ea178")); // data first, then fn
    samples.add(hex("83a2666ea161a2666ea162a464617461c3")); // fn twice
    samples.add(payload(frame("tcp_struct_request.hex")));
    Random random = new Random(42);
    int read = 0;
    for (byte[] sample : samples) {
      read += check(sample);
      for (int cut = 0; cut < Math.min(sample.length, 64); cut++) {
        check(Arrays.copyOf(sample, cut));
      }
      for (int i = 0; i < 2000; i++) {
        byte[] mutated = sample.clone();
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
          int at = random.nextInt(Math.min(mutated.length, 48));
          mutated[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : mutated[at] ^ (1 << random.nextInt(8)));
        }
        read += check(mutated);
      }
    }
    assertThat(read).isGreaterThan(1000); // most mutations keep a readable request
  }

  private int check(byte[] input) {
    return EnvelopeOracle.check(reader, codec, input);
  }
}
