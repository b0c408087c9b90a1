package io.zeroapi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zeroapi.ProtocolException;
import io.zeroapi.TypeRef;
import io.zeroapi.ValidationException;
import io.zeroapi.testing.FuzzInvariants;
import io.zeroapi.testing.FuzzInvariants.Outcome;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets of the MessagePack codec (docs/reliability.md). In a plain test run each runs over
 * its committed corpus under {@code src/test/resources/io/zeroapi/codec/MsgpackFuzzTestInputs/};
 * {@code ./zero fuzz} fuzzes them. Every input decodes to a value or fails with {@link
 * ProtocolException} / {@link ValidationException} (never a programming error underneath), within
 * a bounded allocation; and what decodes encodes back to bytes that decode to the same value.
 */
@Timeout(10) // per input: a hang is a finding (Jazzer passes it on as libFuzzer's -timeout)
class MsgpackFuzzTest {
  private static final MsgpackCodec CODEC = MsgpackCodec.create();

  record Order(int id, double price, String name, Instant created_at, List<String> items) {}

  record Node(String name, List<Node> children, Map<String, Node> byName) {}

  record WithOptional(String name, Optional<String> nickname, OptionalInt age, Optional<Instant> at) {}

  record Box<T>(T value, List<T> values) {}

  record Times(
      LocalDate date,
      LocalDateTime dateTime,
      LocalTime time,
      OffsetDateTime offsetDateTime,
      ZonedDateTime zoned,
      OffsetTime offsetTime) {}

  record Numbers(long big, short small, byte tiny, float single, BigInteger huge, BigDecimal exact, char letter) {}

  /** The target types of the typed target, chosen by the input's first byte. */
  static final List<Type> TYPES =
      List.of(
          Order.class,
          Node.class,
          WithOptional.class,
          new TypeRef<Box<MsgpackRoundTripTest.Plain>>() {}.type(),
          new TypeRef<Box<Optional<MsgpackRoundTripTest.Coded>>>() {}.type(),
          new TypeRef<Map<String, List<Integer>>>() {}.type(),
          new TypeRef<Map<MsgpackRoundTripTest.Named, Set<Long>>>() {}.type(),
          Times.class,
          Numbers.class,
          new TypeRef<List<Optional<UUID>>>() {}.type(),
          new TypeRef<Optional<List<Instant>>>() {}.type(),
          byte[].class,
          int[].class,
          String.class,
          double.class,
          Object.class,
          MsgpackRoundTripTest.Person.class,
          long[].class,
          boolean[].class,
          new TypeRef<SortedSet<String>>() {}.type(),
          new TypeRef<Deque<Integer>>() {}.type(),
          new TypeRef<SortedMap<String, Double>>() {}.type(),
          new TypeRef<Box<OptionalLong>>() {}.type(),
          new TypeRef<Optional<OptionalDouble>>() {}.type(),
          Character.class,
          BigInteger.class,
          LocalTime.class,
          OffsetTime.class,
          ZonedDateTime.class,
          LocalDate.class,
          LocalDateTime.class,
          Void.class);

  /**
   * Untyped decoding: a value (which round-trips), ProtocolException, or ValidationException for a
   * timestamp outside Instant's range.
   */
  @FuzzTest
  void untyped(byte[] input) {
    Outcome<Object> decoded =
        FuzzInvariants.check(input.length, () -> CODEC.decode(input), ProtocolException.class, ValidationException.class);
    if (decoded.ok()) {
      Object again = CODEC.decode(CODEC.encode(decoded.value()));
      assertThat(FuzzInvariants.sameValue(decoded.value(), again))
          .as("round trip of %s", decoded.value())
          .isTrue();
    }
  }

  /**
   * Typed decoding into records, generics, enums, java.time and Optional: the first byte chooses the
   * type ({@link #TYPES}), the rest is decoded as it; a value (whose encoding round-trips),
   * ProtocolException or ValidationException.
   */
  @FuzzTest
  void typed(byte[] data) {
    if (data.length == 0) {
      return;
    }
    Type type = TYPES.get((data[0] & 0xff) % TYPES.size());
    byte[] input = Arrays.copyOfRange(data, 1, data.length);
    Outcome<Object> decoded =
        FuzzInvariants.check(
            input.length,
            () -> CODEC.decode(input, 0, input.length, type),
            ProtocolException.class,
            ValidationException.class);
    if (decoded.ok()) {
      // encode(decode(encode(v))) == encode(v) (by encoding: POJOs have no value equality). POJOs
      // too since finding 4 (docs/reliability.md): a field absent from the input stays null, is
      // encoded as nil, and a POJO field takes nil as null.
      byte[] encoded = CODEC.encode(decoded.value());
      Object again = CODEC.decode(encoded, 0, encoded.length, type);
      assertThat(CODEC.encode(again)).as("round trip of %s as %s", decoded.value(), type).isEqualTo(encoded);
    }
  }
}
