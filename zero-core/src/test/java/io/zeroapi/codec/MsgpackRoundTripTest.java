package io.zeroapi.codec;

import static io.zeroapi.testing.WireCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.TypeRef;
import io.zeroapi.ValidationException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact encodings and round trips of every supported type. */
class MsgpackRoundTripTest {
  record Order(int id, double price, String name, Instant created_at, List<String> items) {}

  record Node(String name, List<Node> children) {}

  record WithOptional(String name, Optional<String> nickname, OptionalInt age) {}

  record Box<T>(T value, List<T> values) {}

  enum Plain { RED, GREEN }

  enum Coded {
    LOW(1), HIGH(200);

    private final int code;

    Coded(int code) {
      this.code = code;
    }

    @WireValue
    int code() {
      return code;
    }
  }

  enum Named {
    ALPHA("a"), BETA("b");

    private final String text;

    Named(String text) {
      this.text = text;
    }

    @WireValue
    public String text() {
      return text;
    }
  }

  static class Base {
    int baseId;
  }

  /** A POJO: superclass fields first, statics and transients skipped. */
  static class Person extends Base {
    static int counter;
    String name;
    transient String cache = "x";
    List<Integer> scores = new ArrayList<>();
    Coded level;

    Person() {}
  }

  private final MsgpackCodec codec = MsgpackCodec.create();

  private String enc(Object value) {
    return hex(codec.encode(value));
  }

  private Object dec(String hex, Type type) {
    byte[] b = hex(hex);
    return codec.decode(b, 0, b.length, type);
  }

  private <T> T roundTrip(T value, Type type) {
    byte[] b = codec.encode(value);
    @SuppressWarnings("unchecked")
    T back = (T) codec.decode(b, 0, b.length, type);
    return back;
  }

  @ParameterizedTest
  @CsvSource({
    "0, 00", "1, 01", "127, 7f", "128, cc80", "255, ccff", "256, cd0100", "65535, cdffff",
    "65536, ce00010000", "4294967295, ceffffffff", "4294967296, cf0000000100000000",
    "9223372036854775807, cf7fffffffffffffff", "-1, ff", "-32, e0", "-33, d0df", "-128, d080",
    "-129, d1ff7f", "-32768, d18000", "-32769, d2ffff7fff", "-2147483648, d280000000",
    "-2147483649, d3ffffffff7fffffff", "-9223372036854775808, d38000000000000000"
  })
  void smallestIntForms(long value, String expected) {
    assertThat(enc(value)).isEqualTo(expected);
    assertThat(enc(BigInteger.valueOf(value))).isEqualTo(expected);
    assertThat(dec(expected, long.class)).isEqualTo(value);
    assertThat(dec(expected, Object.class)).isEqualTo(value);
    if (value == (int) value) {
      assertThat(enc((int) value)).isEqualTo(expected);
      assertThat(dec(expected, Integer.class)).isEqualTo((int) value);
    }
  }

  @Test
  void smallBoxesUseTheSameForms() {
    assertThat(enc((byte) -1)).isEqualTo("ff");
    assertThat(enc((short) 200)).isEqualTo("ccc8");
    assertThat(dec("ccc8", short.class)).isEqualTo((short) 200);
    assertThat(dec("7f", byte.class)).isEqualTo((byte) 127);
  }

  @Test
  void uint64Max() {
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertThat(enc(max)).isEqualTo("cfffffffffffffffff");
    assertThat(dec("cfffffffffffffffff", BigInteger.class)).isEqualTo(max);
    assertThat(dec("cfffffffffffffffff", Object.class)).isEqualTo(max);
    assertThat(dec("cf8000000000000000", Object.class)).isEqualTo(BigInteger.ONE.shiftLeft(63));
    assertThat(dec("d38000000000000000", BigInteger.class)).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
  }

  @Test
  void floatsAlwaysFloat64BitExact() {
    assertThat(enc(1.5)).isEqualTo("cb3ff8000000000000");
    assertThat(enc(1.5f)).isEqualTo("cb3ff8000000000000");
    assertThat(enc(-0.0)).isEqualTo("cb8000000000000000");
    assertThat(enc(Double.POSITIVE_INFINITY)).isEqualTo("cb7ff0000000000000");
    assertThat(enc(Double.NEGATIVE_INFINITY)).isEqualTo("cbfff0000000000000");
    assertThat(enc(Double.NaN)).isEqualTo("cb7ff8000000000000");
    for (double d : new double[] {-0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
      double back = roundTrip(d, double.class);
      assertThat(Double.doubleToRawLongBits(back)).isEqualTo(Double.doubleToRawLongBits(d));
    }
    assertThat(dec("ca3fc00000", Object.class)).isEqualTo(1.5); // float32 widened
    assertThat(dec("ca3fc00000", float.class)).isEqualTo(1.5f);
    assertThat(dec("05", double.class)).isEqualTo(5.0); // ints accepted for floats
    assertThat(dec("cfffffffffffffffff", Double.class)).isEqualTo(1.8446744073709552E19);
  }

  @Test
  void strings() {
    assertThat(enc("")).isEqualTo("a0");
    assertThat(enc("a".repeat(31))).startsWith("bf");
    assertThat(enc("a".repeat(32))).startsWith("d920");
    assertThat(enc("a".repeat(255))).startsWith("d9ff");
    assertThat(enc("a".repeat(256))).startsWith("da0100");
    assertThat(enc("é".repeat(300))).startsWith("da0258");
    assertThat(enc("a".repeat(65536))).startsWith("db00010000");
    assertThat(enc('x')).isEqualTo("a178");
    assertThat(dec("a178", char.class)).isEqualTo('x');
    for (String s : new String[] {"", "héllo wörld", "日本語", "😀 emoji", "a".repeat(70000)}) {
      assertThat(roundTrip(s, String.class)).isEqualTo(s);
    }
  }

  @Test
  void bytesAndBools() {
    assertThat(enc(new byte[] {1, 2})).isEqualTo("c4020102");
    assertThat(enc(new byte[256])).startsWith("c50100");
    assertThat(enc(new byte[65536])).startsWith("c600010000");
    assertThat((byte[]) dec("c4020102", byte[].class)).containsExactly(1, 2);
    assertThat((byte[]) dec("c4020102", Object.class)).containsExactly(1, 2);
    assertThat(enc(true)).isEqualTo("c3");
    assertThat(enc(false)).isEqualTo("c2");
    assertThat(enc(null)).isEqualTo("c0");
    assertThat(dec("c3", boolean.class)).isEqualTo(true);
    // nil is no value of a declared type (msgspec): only Optional, Object and Void take it
    assertThatThrownBy(() -> dec("c0", String.class)).isInstanceOf(ValidationException.class)
        .hasMessage("Expected `str`, got `None`");
    assertThat(dec("c0", new TypeRef<Optional<String>>() {}.type())).isEqualTo(Optional.empty());
    assertThat(dec("c0", Object.class)).isNull();
    assertThat(dec("c0", Void.class)).isNull();
  }

  @Test
  void collectionsAndArrays() {
    assertThat(enc(List.of(1, 2))).isEqualTo("920102");
    assertThat(enc(new int[] {1, 2})).isEqualTo("920102");
    assertThat(enc(new String[] {"a"})).isEqualTo("91a161");
    assertThat(enc(new LinkedHashSet<>(List.of(3, 1)))).isEqualTo("920301");
    assertThat(enc(new ArrayList<>(List.of()))).isEqualTo("90");
    assertThat(enc(java.util.Collections.nCopies(16, 0))).startsWith("dc0010");
    assertThat((int[]) dec("920102", int[].class)).containsExactly(1, 2);
    assertThat((String[]) dec("91a161", String[].class)).containsExactly("a");
    assertThat(dec("920301", new TypeRef<Set<Integer>>() {}.type())).isEqualTo(new LinkedHashSet<>(List.of(3, 1)));
    assertThat(dec("920301", new TypeRef<TreeSet<Integer>>() {}.type())).isEqualTo(new TreeSet<>(List.of(1, 3)));
    Object deque = dec("920301", new TypeRef<Deque<Integer>>() {}.type());
    assertThat(deque).isInstanceOf(ArrayDeque.class);
    assertThat(dec("920102", List.class)).isEqualTo(List.of(1L, 2L));
    assertThatThrownBy(() -> dec("92a161c0", new TypeRef<List<? extends String>>() {}.type()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Expected `str`, got `None` - at `$[1]`");
    assertThat(dec("92a161c0", new TypeRef<List<Optional<String>>>() {}.type()))
        .isEqualTo(List.of(Optional.of("a"), Optional.empty()));
    Object[] generic = roundTrip(new Object[] {List.of(new int[] {7})}, new TypeRef<List<int[]>[]>() {}.type());
    assertThat(generic).isInstanceOf(List[].class);
    assertThat((int[]) ((List<?>) generic[0]).get(0)).containsExactly(7);
  }

  @Test
  void maps() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put(2, "x");
    map.put(null, List.of());
    assertThat(enc(map)).isEqualTo("83a1620102a178c090");
    Map<Object, Object> back = new LinkedHashMap<>();
    back.put("b", 1L);
    back.put(2L, "x");
    back.put(null, List.of());
    assertThat(dec("83a1620102a178c090", Object.class)).isEqualTo(back);
    assertThat(dec("810102", new TypeRef<Map<Integer, Long>>() {}.type())).isEqualTo(Map.of(1, 2L));
    SortedMap<String, Integer> sorted = new TreeMap<>(Map.of("z", 1, "a", 2));
    assertThat(roundTrip(sorted, new TypeRef<SortedMap<String, Integer>>() {}.type())).isEqualTo(sorted).isInstanceOf(TreeMap.class);
  }

  @Test
  void nestedGenerics() {
    Order o = new Order(1, 2.5, "n", Instant.ofEpochSecond(1_700_000_000L, 5000), List.of("x"));
    Map<String, List<Order>> value = new LinkedHashMap<>();
    value.put("first", List.of(o, o));
    value.put("empty", List.of());
    Type type = new TypeRef<Map<String, List<Order>>>() {}.type();
    assertThat(roundTrip(value, type)).isEqualTo(value);
    // untyped decode of a record gives a map
    @SuppressWarnings("unchecked")
    Map<Object, Object> untyped = (Map<Object, Object>) dec(hex(codec.encode(o)), Object.class);
    assertThat(new ArrayList<Object>(untyped.keySet())).containsExactly("id", "price", "name", "created_at", "items");
  }

  @Test
  void recursiveRecordAndGenericRecord() {
    Node tree = new Node("root", List.of(new Node("leaf", List.of())));
    assertThat(roundTrip(tree, Node.class)).isEqualTo(tree);
    Order order = new Order(1, 1, "a", Instant.EPOCH, List.of());
    Box<Order> box = new Box<>(order, List.of(order));
    assertThat(roundTrip(box, new TypeRef<Box<Order>>() {}.type())).isEqualTo(box);
    Box<Order> empty = new Box<>(null, List.of(order)); // encodes, but nil is no Order
    assertThatThrownBy(() -> roundTrip(empty, new TypeRef<Box<Order>>() {}.type()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Expected `object`, got `None` - at `$.value`");
  }

  @Test
  void optionals() {
    assertThat(enc(Optional.empty())).isEqualTo("c0");
    assertThat(enc(Optional.of("a"))).isEqualTo("a161");
    assertThat(enc(OptionalInt.of(3))).isEqualTo("03");
    assertThat(enc(OptionalLong.empty())).isEqualTo("c0");
    assertThat(enc(OptionalDouble.of(1))).isEqualTo("cb3ff0000000000000");
    assertThat(dec("c0", new TypeRef<Optional<String>>() {}.type())).isEqualTo(Optional.empty());
    assertThat(dec("a161", new TypeRef<Optional<String>>() {}.type())).isEqualTo(Optional.of("a"));
    assertThat(dec("03", OptionalInt.class)).isEqualTo(OptionalInt.of(3));
    assertThat(dec("c0", OptionalLong.class)).isEqualTo(OptionalLong.empty());
    assertThat(dec("cb3ff0000000000000", OptionalDouble.class)).isEqualTo(OptionalDouble.of(1));
    WithOptional full = new WithOptional("a", Optional.of("b"), OptionalInt.of(3));
    assertThat(roundTrip(full, WithOptional.class)).isEqualTo(full);
    // missing Optional components become empty
    assertThat(dec("81a46e616d65a161", WithOptional.class))
        .isEqualTo(new WithOptional("a", Optional.empty(), OptionalInt.empty()));
  }

  @Test
  void enums() {
    assertThat(enc(Plain.GREEN)).isEqualTo("a5475245454e");
    assertThat(dec("a5475245454e", Plain.class)).isEqualTo(Plain.GREEN);
    assertThat(enc(Coded.HIGH)).isEqualTo("ccc8");
    assertThat(dec("ccc8", Coded.class)).isEqualTo(Coded.HIGH);
    assertThat(dec("a3" + hex("LOW".getBytes()), Coded.class)).isEqualTo(Coded.LOW); // by name, leniently
    assertThat(enc(Named.BETA)).isEqualTo("a162");
    assertThat(dec("a162", Named.class)).isEqualTo(Named.BETA);
    assertThat(enc(List.of(Coded.LOW, Plain.RED))).isEqualTo("9201a3524544");
  }

  @Test
  void pojo() {
    Person p = new Person();
    p.baseId = 7;
    p.name = "Ann";
    p.scores.add(3);
    p.level = Coded.LOW;
    // baseId first (superclass), no static "counter", no transient "cache"
    Map<Object, Object> expected = new LinkedHashMap<>();
    expected.put("baseId", 7L);
    expected.put("name", "Ann");
    expected.put("scores", List.of(3L));
    expected.put("level", 1L);
    assertThat(codec.decode(codec.encode(p))).isEqualTo(expected);
    assertThat(new ArrayList<Object>(((Map<?, ?>) codec.decode(codec.encode(p))).keySet())).containsExactly("baseId", "name", "scores", "level");
    assertThat(enc(p)).startsWith("84a6626173654964" + "07");
    Person back = roundTrip(p, Person.class);
    assertThat(back.baseId).isEqualTo(7);
    assertThat(back.name).isEqualTo("Ann");
    assertThat(back.scores).containsExactly(3);
    assertThat(back.level).isEqualTo(Coded.LOW);
    assertThat(back.cache).isEqualTo("x");
  }

  /**
   * Regression (fuzzing finding 4, docs/reliability.md): a POJO's null fields are encoded as nil,
   * and decode back as null; so does a map that lacks a field, decoded, encoded and decoded again.
   * A primitive field still refuses nil.
   */
  @Test
  void pojoWithNullFieldsRoundTrips() {
    Person p = new Person();
    p.scores = null;
    assertThat(enc(p)).isEqualTo("84" + "a6626173654964" + "00" + "a46e616d65" + "c0" + "a673636f726573" + "c0"
        + "a56c6576656c" + "c0");
    Person back = roundTrip(p, Person.class);
    assertThat(back.name).isNull();
    assertThat(back.scores).isNull();
    assertThat(back.level).isNull();

    Person partial = (Person) dec("81" + "a46e616d65" + "a3416e6e", Person.class); // {"name": "Ann"}
    assertThat(partial.level).isNull();
    assertThat(partial.scores).as("the constructor's value").isEmpty();
    Person again = roundTrip(partial, Person.class);
    assertThat(again.name).isEqualTo("Ann");
    assertThat(again.level).isNull();

    assertThatThrownBy(() -> dec("81" + "a6626173654964" + "c0", Person.class)) // {"baseId": nil}
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Expected `int`, got `None`");
  }

  @Test
  void timestampForms() {
    assertThat(enc(Instant.ofEpochSecond(1))).isEqualTo("d6ff00000001");
    assertThat(enc(Instant.ofEpochSecond(0xffffffffL))).isEqualTo("d6ffffffffff");
    assertThat(enc(Instant.ofEpochSecond(0x100000000L))).isEqualTo("d7ff0000000100000000");
    assertThat(enc(Instant.ofEpochSecond(1, 1000))).isEqualTo("d7ff00000fa000000001");
    assertThat(enc(Instant.ofEpochSecond(-1))).isEqualTo("c70cff00000000ffffffffffffffff");
    Instant after2514 = Instant.parse("2515-01-01T00:00:00Z");
    assertThat(enc(after2514)).startsWith("c70cff00000000");
    for (Instant t : new Instant[] {
        Instant.EPOCH, Instant.ofEpochSecond(1, 1000), Instant.ofEpochSecond(-1, 999_999_999),
        after2514, Instant.parse("1900-01-01T00:00:00.123456789Z"), Instant.ofEpochSecond((1L << 34) - 1, 5)}) {
      assertThat(roundTrip(t, Instant.class)).isEqualTo(t);
      assertThat(codec.decode(codec.encode(t))).isEqualTo(t);
    }
    OffsetDateTime odt = OffsetDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHours(2));
    assertThat(enc(odt)).isEqualTo(enc(odt.toInstant()));
    assertThat(roundTrip(odt, OffsetDateTime.class)).isEqualTo(odt.withOffsetSameInstant(ZoneOffset.UTC));
    ZonedDateTime zdt = ZonedDateTime.of(2024, 5, 6, 9, 8, 9, 0, java.time.ZoneId.of("Europe/Paris"));
    assertThat(roundTrip(zdt, ZonedDateTime.class)).isEqualTo(zdt.withZoneSameInstant(ZoneOffset.UTC));
    // ISO strings with an offset are accepted for aware types; a naive one names no instant and
    // is refused as msgspec refuses it for an aware datetime (no zone is guessed)
    byte[] iso = codec.encode("2024-05-06T07:08:09.5+02:00");
    assertThat(codec.decode(iso, 0, iso.length, Instant.class)).isEqualTo(Instant.parse("2024-05-06T05:08:09.5Z"));
    byte[] naive = codec.encode("2024-05-06T07:08:09");
    for (Class<?> aware : List.of(Instant.class, OffsetDateTime.class, ZonedDateTime.class)) {
      assertThatThrownBy(() -> codec.decode(naive, 0, naive.length, aware))
          .isInstanceOf(ValidationException.class)
          .hasMessage("Expected `datetime` with a timezone component");
    }
    // a naive type takes it as it is, and takes an aware one in UTC
    assertThat(codec.decode(naive, 0, naive.length, LocalDateTime.class)).isEqualTo(LocalDateTime.parse("2024-05-06T07:08:09"));
    assertThat(codec.decode(iso, 0, iso.length, LocalDateTime.class)).isEqualTo(LocalDateTime.parse("2024-05-06T05:08:09.5"));
    byte[] garbage = codec.encode("not a date");
    assertThatThrownBy(() -> codec.decode(garbage, 0, garbage.length, Instant.class))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Invalid RFC3339 encoded datetime");
  }

  @Test
  void localDateTimeIsoFormat() {
    assertThat(codec.decode(codec.encode(LocalDateTime.of(2021, 4, 2, 18, 18, 10, 123000))))
        .isEqualTo("2021-04-02T18:18:10.000123");
    assertThat(codec.decode(codec.encode(LocalDateTime.of(2021, 4, 2, 18, 18))))
        .isEqualTo("2021-04-02T18:18:00");
    assertThat(codec.decode(codec.encode(LocalDateTime.of(33, 1, 2, 3, 4, 5, 1))))
        .isEqualTo("0033-01-02T03:04:05.000000001");
    assertThat(codec.decode(codec.encode(LocalDateTime.of(2021, 4, 2, 18, 18, 10, 500_000_000))))
        .isEqualTo("2021-04-02T18:18:10.500000");
    assertThat(codec.decode(codec.encode(LocalTime.of(7, 5)))).isEqualTo("07:05:00");
    assertThat(codec.decode(codec.encode(LocalTime.of(7, 5, 1, 1_000)))).isEqualTo("07:05:01.000001");
    assertThat(codec.decode(codec.encode(LocalDate.of(2024, 2, 29)))).isEqualTo("2024-02-29");
    for (LocalDateTime t : new LocalDateTime[] {LocalDateTime.of(2021, 4, 2, 18, 18, 10, 123000), LocalDateTime.of(2021, 4, 2, 18, 18, 10, 123456789)}) {
      assertThat(roundTrip(t, LocalDateTime.class)).isEqualTo(t);
    }
    assertThat(roundTrip(LocalDate.of(2024, 2, 29), LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(roundTrip(LocalTime.of(1, 2, 3, 4000), LocalTime.class)).isEqualTo(LocalTime.of(1, 2, 3, 4000));
    assertThat(dec("d6ff00000001", LocalDateTime.class)).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0, 1));
  }

  @Test
  void uuidAndDecimal() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(codec.decode(codec.encode(id))).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(roundTrip(id, UUID.class)).isEqualTo(id);
    byte[] compact = codec.encode("123E4567E89B12D3A456426614174000");
    assertThat(codec.decode(compact, 0, compact.length, UUID.class)).isEqualTo(id);
    assertThat(dec("c410123e4567e89b12d3a456426614174000", UUID.class)).isEqualTo(id);
    assertThat(codec.decode(codec.encode(new BigDecimal("10.1")))).isEqualTo("10.1");
    assertThat(roundTrip(new BigDecimal("-1.50E+3"), BigDecimal.class)).isEqualTo(new BigDecimal("-1.50E+3"));
    assertThat(dec("05", BigDecimal.class)).isEqualTo(BigDecimal.valueOf(5));
    assertThat(dec("cb3ff8000000000000", BigDecimal.class)).isEqualTo(new BigDecimal("1.5"));
  }

  @Test
  void voidTravelsAsNil() {
    assertThat(dec("c0", Void.class)).isNull();
    assertThat(dec("c0", void.class)).isNull();
  }

  @Test
  void untypedExtensionsAndNesting() {
    Object ext = dec("d40501", Object.class);
    assertThat(ext).isEqualTo(new ExtensionValue((byte) 5, new byte[] {1}));
    // and it goes back out as the same extension (spec §2.7 B7: an opaque value)
    for (String hex : List.of("d40501", "c70080", "c70311010203", "d8fe" + "ab".repeat(16))) {
      assertThat(enc(dec(hex, Object.class))).isEqualTo(hex);
    }
    assertThat(dec("9191c0", Object.class)).isEqualTo(List.of(Arrays.asList((Object) null)));
  }

  @Test
  void buildersAndDefaults() {
    assertThat(MsgpackCodec.create()).isSameAs(MsgpackCodec.create());
    MsgpackCodec shallow = MsgpackCodec.builder().maxNestingDepth(2).build();
    byte[] two = hex("9191c0");
    assertThat(shallow.decode(two)).isEqualTo(List.of(Arrays.asList((Object) null)));
  }
}
