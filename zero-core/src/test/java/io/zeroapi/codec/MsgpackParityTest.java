package io.zeroapi.codec;

import static io.zeroapi.testing.WireCaptures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.TypeRef;
import io.zeroapi.ValidationException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Type parity with msgspec (issue 16): the requests a Python peer sends, as msgspec encodes them, and
 * msgspec's replies ({@code msgspec.msgpack.decode(request, type=...)} with msgspec 0.22): its
 * validation text byte for byte, or ({@code ok:}) the bytes msgspec encodes the decoded value back
 * to, which the Java codec must produce too. The expected texts were produced by msgspec and are
 * kept here as literals. {@link #differences} holds the deliberate differences the README names.
 */
class MsgpackParityTest {
  /** {@code class Person(msgspec.Struct): name: str; age: int}. */
  record Person(String name, int age) {}

  private static final Type LIST_INT = new TypeRef<List<Integer>>() {}.type();
  private static final Type MAP_INT_STR = new TypeRef<Map<Integer, String>>() {}.type();
  private static final Type MAP_STR_STR = new TypeRef<Map<String, String>>() {}.type();
  private static final Type OPTIONAL_INT = new TypeRef<Optional<Integer>>() {}.type();
  private static final Type OPTIONAL_LIST_INT = new TypeRef<Optional<List<Integer>>>() {}.type();

  private final MsgpackCodec codec = MsgpackCodec.create();

  private static Arguments row(String request, Type type, String requestHex, String reply) {
    return Arguments.of(request, type, requestHex, reply);
  }

  static Stream<Arguments> msgspec() {
    return Stream.of(
        row("echo_int(None)", int.class, "c0",
            "Expected `int`, got `None`"),
        row("echo_str(None)", String.class, "c0",
            "Expected `str`, got `None`"),
        row("echo_list(None)", LIST_INT, "c0",
            "Expected `array`, got `None`"),
        row("echo_person(None)", Person.class, "c0",
            "Expected `object`, got `None`"),
        row("echo_list([1, None])", LIST_INT, "9201c0",
            "Expected `int`, got `None` - at `$[1]`"),
        row("echo_person({name: None, age: 30})", Person.class, "82a46e616d65c0a36167651e",
            "Expected `str`, got `None` - at `$.name`"),
        row("echo_dict_int_str({'a': 'b'})", MAP_INT_STR, "81a161a162",
            "Expected `int`, got `str` - at `key` in `$`"),
        row("echo_dict_str_str({1: 2})", MAP_STR_STR, "810102",
            "Expected `str`, got `int` - at `key` in `$`"),
        row("echo_dict_str_str({'a': 2})", MAP_STR_STR, "81a16102",
            "Expected `str`, got `int` - at `$[...]`"),
        row("echo_dict_str_str({'a': None})", MAP_STR_STR, "81a161c0",
            "Expected `str`, got `None` - at `$[...]`"),
        row("echo_typing_optional('x')", OPTIONAL_INT, "a178",
            "Expected `int | null`, got `str`"),
        row("echo_typing_optional(None)", OPTIONAL_INT, "c0",
            "ok:c0"),
        row("echo_optional_list('x')", OPTIONAL_LIST_INT, "a178",
            "Expected `array | null`, got `str`"),
        row("echo_datetime('2026-12-04 10:00:00')", LocalDateTime.class, "b3323032362d31322d30342031303a30303a3030",
            "ok:b3323032362d31322d30345431303a30303a3030"),
        row("echo_datetime('2026-12-04T10:00')", LocalDateTime.class, "b0323032362d31322d30345431303a3030",
            "Invalid RFC3339 encoded datetime"),
        row("echo_datetime('2026-12-04')", LocalDateTime.class, "aa323032362d31322d3034",
            "Invalid RFC3339 encoded datetime"),
        row("echo_time('10:00')", LocalTime.class, "a531303a3030",
            "Invalid RFC3339 encoded time"),
        row("echo_date('2026-12-04T00:00:00')", LocalDate.class, "b3323032362d31322d30345430303a30303a3030",
            "Invalid RFC3339 encoded date"),
        row("echo_date('2026-12-04')", LocalDate.class, "aa323032362d31322d3034",
            "ok:aa323032362d31322d3034"),
        row("echo_offset_time('10:00:00+02:00')", OffsetTime.class, "ae31303a30303a30302b30323a3030",
            "ok:ae31303a30303a30302b30323a3030"),
        row("echo_offset_time('10:00:00z')", OffsetTime.class, "a931303a30303a30307a",
            "ok:a931303a30303a30305a"),
        row("echo_offset_datetime('2026-12-04 10:00:00.5-05:30')", OffsetDateTime.class, "bb323032362d31322d30342031303a30303a30302e352d30353a3330",
            "ok:d7ff773594006b12dc78"),
        row("echo_instant(aware datetime)", Instant.class, "d6ff6b128f20",
            "ok:d6ff6b128f20"),
        row("echo_offset_datetime(aware datetime)", OffsetDateTime.class, "d6ff6b128f20",
            "ok:d6ff6b128f20"),
        row("echo_datetime(naive datetime)", LocalDateTime.class, "b3323032362d31322d30345431303a30303a3030",
            "ok:b3323032362d31322d30345431303a30303a3030"),
        row("echo_decimal('1_000.50')", BigDecimal.class, "a8315f3030302e3530",
            "ok:a7313030302e3530"),
        row("echo_int(aware datetime)", int.class, "d6ff6b128f20",
            "Expected `int`, got `ext`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("msgspec")
  void repliesAsMsgspec(String request, Type type, String requestHex, String reply) {
    assertReply(type, requestHex, reply);
  }

  /**
   * Where Java differs on purpose (README, Interop with Python Zero): msgspec's reply is in the
   * comment; the Java codec's is asserted.
   */
  static Stream<Arguments> differences() {
    return Stream.of(
        // msgspec (datetime.time): ok, the time with its offset. LocalTime has no offset: refused, not dropped.
        row("echo_time('10:00:00+02:00') into LocalTime", LocalTime.class, "ae31303a30303a30302b30323a3030",
            "Expected `time` with no timezone component"),
        // msgspec (datetime.time): ok, naive. OffsetTime needs an offset.
        row("echo_time('10:00:00') into OffsetTime", OffsetTime.class, "a831303a30303a3030",
            "Expected `time` with a timezone component"),
        // msgspec (datetime.datetime): ok, naive. The aware Java types need an offset.
        row("echo_datetime('2026-12-04 10:00:00') into OffsetDateTime", OffsetDateTime.class,
            "b3323032362d31322d30342031303a30303a3030",
            "Expected `datetime` with a timezone component"),
        // msgspec (datetime.datetime): ok, the timestamp back (d6ff6b128f20). LocalDateTime is naive: UTC text.
        row("echo_datetime(aware datetime) into LocalDateTime", LocalDateTime.class, "d6ff6b128f20",
            "ok:b3323032362d31322d30345431303a30303a3030"),
        // msgspec (decimal.Decimal): ok, "NaN" (a34e614e). BigDecimal has no NaN or Infinity.
        row("echo_decimal('NaN')", BigDecimal.class, "a34e614e",
            "Invalid decimal string: `BigDecimal` cannot hold NaN or Infinity"),
        // msgspec: ok, "-Infinity".
        row("echo_decimal('-Infinity')", BigDecimal.class, "a92d496e66696e697479",
            "Invalid decimal string: `BigDecimal` cannot hold NaN or Infinity"),
        // msgspec: ok, "NaN" (from the float nan).
        row("echo_decimal(float('nan'))", BigDecimal.class, "cb7ff8000000000000",
            "Invalid decimal: `BigDecimal` cannot hold NaN or Infinity"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differences")
  void differsAsDocumented(String request, Type type, String requestHex, String reply) {
    assertReply(type, requestHex, reply);
  }

  private void assertReply(Type type, String requestHex, String reply) {
    byte[] request = hex(requestHex);
    if (reply.startsWith("ok:")) {
      Object value = codec.decode(request, 0, request.length, type);
      assertThat(HexFormat.of().formatHex(codec.encode(value))).isEqualTo(reply.substring(3));
    } else {
      assertThatThrownBy(() -> codec.decode(request, 0, request.length, type))
          .isInstanceOf(ValidationException.class)
          .hasMessage(reply);
    }
  }
}
