package io.zeroapi.codec;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.value.ValueType;

/**
 * Type-directed decoding. One {@link Decoder} per {@link Type}, built once and cached; recursive
 * types (a record holding a list of itself) resolve through a forwarding decoder while building.
 *
 * <p>Nil decodes only into {@code Optional} (empty), {@code Object} and {@code Void} (null): a declared
 * type never receives a null it did not ask for, as in msgspec. Failures are {@link
 * ValidationFailure}s with msgspec's wording; containers add their path segment as they unwind.
 */
final class Decoders {

  /** Reads one value of a fixed target type. */
  @FunctionalInterface
  public interface Decoder {
    Object decode(MsgpackReader r) throws IOException;
  }

  private final ConcurrentHashMap<Type, Decoder> cache = new ConcurrentHashMap<>();
  private final ThreadLocal<BuildState> building = ThreadLocal.withInitial(BuildState::new);

  /** A thread's adapters under construction, published together when the outermost completes. */
  private static final class BuildState {
    final Map<Type, Forward> inProgress = new HashMap<>();
    final Map<Type, Decoder> done = new LinkedHashMap<>();
  }

  /** The decoder of {@code type}, built on first use. */
  public Decoder forType(Type type) {
    type = Types.simplify(type);
    Decoder decoder = cache.get(type);
    if (decoder != null) {
      return decoder;
    }
    BuildState state = building.get();
    decoder = state.done.get(type);
    if (decoder != null) {
      return decoder;
    }
    Forward forward = state.inProgress.get(type);
    if (forward != null) {
      return forward; // a recursive reference; resolved when its own build finishes
    }
    boolean outermost = state.inProgress.isEmpty();
    forward = new Forward();
    state.inProgress.put(type, forward);
    try {
      decoder = build(type);
      forward.target = decoder;
      state.done.put(type, decoder);
    } catch (RuntimeException | Error e) {
      if (outermost) {
        state.done.clear(); // nothing half-built (with unresolved forwards) gets published
      }
      throw e;
    } finally {
      state.inProgress.remove(type);
    }
    if (!outermost) {
      return decoder;
    }
    // Publish only now: inner decoders may hold forwards that were resolved just above.
    for (Map.Entry<Type, Decoder> e : state.done.entrySet()) {
      cache.putIfAbsent(e.getKey(), e.getValue());
    }
    state.done.clear();
    return cache.get(type);
  }

  private static final class Forward implements Decoder {
    volatile Decoder target;

    @Override
    public Object decode(MsgpackReader r) throws IOException {
      return target.decode(r);
    }
  }

  // ---- building ------------------------------------------------------------------------------

  private Decoder build(Type type) {
    if (type instanceof TypeVariable<?> v) {
      throw new IllegalArgumentException(type.getTypeName() + " is not supported: unresolved type variable " + v);
    }
    if (type instanceof GenericArrayType g) {
      Type component = g.getGenericComponentType();
      return array(Types.raw(component), forType(component));
    }
    Class<?> raw = Types.raw(type);
    if (type instanceof ParameterizedType || !raw.isPrimitive()) {
      Decoder special = buildReference(type, raw);
      if (special != null) {
        return special;
      }
    }
    if (raw.isPrimitive()) {
      return primitive(raw);
    }
    throw new IllegalArgumentException(type.getTypeName() + " is not supported");
  }

  private Decoder buildReference(Type type, Class<?> raw) {
    if (raw == Object.class) {
      return Decoders::readAny;
    }
    if (raw == Void.class) {
      return r -> {
        r.skipValue(); // None travels as nil; anything else is ignored
        return null;
      };
    }
    if (raw == String.class) {
      return Decoders::string;
    }
    if (raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class
        || raw == Boolean.class || raw == Double.class || raw == Float.class || raw == Character.class) {
      return primitive(unbox(raw));
    }
    if (raw == byte[].class) {
      return r -> {
        if (r.peek().getValueType() != ValueType.BINARY) {
          throw r.mismatch("bytes");
        }
        return r.readBinary();
      };
    }
    if (raw.isArray()) {
      Class<?> component = raw.getComponentType();
      return array(component, forType(component));
    }
    if (raw == BigInteger.class) {
      return Decoders::bigInteger;
    }
    if (raw == BigDecimal.class) {
      return Decoders::bigDecimal;
    }
    if (raw == UUID.class) {
      return Decoders::uuid;
    }
    if (raw == Instant.class) {
      return dateTime(OffsetDateTime::toInstant);
    }
    if (raw == OffsetDateTime.class) {
      return dateTime(t -> t);
    }
    if (raw == ZonedDateTime.class) {
      return dateTime(OffsetDateTime::toZonedDateTime);
    }
    if (raw == LocalDateTime.class) {
      return Decoders::localDateTime;
    }
    if (raw == LocalDate.class) {
      return Decoders::localDate;
    }
    if (raw == LocalTime.class) {
      return Decoders::localTime;
    }
    if (raw == OffsetTime.class) {
      return Decoders::offsetTime;
    }
    if (raw == Optional.class) {
      Decoder inner = forType(Types.argument(type, 0));
      return r -> {
        if (r.hasMore() && r.unpacker().tryUnpackNil()) {
          return Optional.empty();
        }
        try {
          return Optional.ofNullable(inner.decode(r));
        } catch (ValidationFailure f) {
          throw f.orNull();
        }
      };
    }
    if (raw == OptionalInt.class) {
      Decoder inner = primitive(int.class);
      return r -> {
        if (r.hasMore() && r.unpacker().tryUnpackNil()) {
          return OptionalInt.empty();
        }
        try {
          return OptionalInt.of((Integer) inner.decode(r));
        } catch (ValidationFailure f) {
          throw f.orNull();
        }
      };
    }
    if (raw == OptionalLong.class) {
      Decoder inner = primitive(long.class);
      return r -> {
        if (r.hasMore() && r.unpacker().tryUnpackNil()) {
          return OptionalLong.empty();
        }
        try {
          return OptionalLong.of((Long) inner.decode(r));
        } catch (ValidationFailure f) {
          throw f.orNull();
        }
      };
    }
    if (raw == OptionalDouble.class) {
      Decoder inner = primitive(double.class);
      return r -> {
        if (r.hasMore() && r.unpacker().tryUnpackNil()) {
          return OptionalDouble.empty();
        }
        try {
          return OptionalDouble.of((Double) inner.decode(r));
        } catch (ValidationFailure f) {
          throw f.orNull();
        }
      };
    }
    IntFunction<Collection<Object>> collection = collectionFactory(raw);
    if (collection != null) {
      Decoder element = forType(Types.argument(type, 0));
      return collection(collection, element);
    }
    IntFunction<Map<Object, Object>> map = mapFactory(raw);
    if (map != null) {
      Decoder key = forType(Types.argument(type, 0));
      Decoder value = forType(Types.argument(type, 1));
      return map(map, key, value);
    }
    if (raw.isEnum()) {
      return enumDecoder(EnumInfo.of(raw));
    }
    if (raw.isRecord()) {
      return record(type, raw);
    }
    String problem = TypeSupport.pojoProblem(raw);
    if (problem != null) {
      throw new IllegalArgumentException(type.getTypeName() + " is not supported: " + problem);
    }
    return pojo(type, raw);
  }

  static Class<?> unbox(Class<?> box) {
    return MethodType.methodType(box).unwrap().returnType();
  }

  /** Collection interfaces and classes we can instantiate, or null. */
  static IntFunction<Collection<Object>> collectionFactory(Class<?> raw) {
    if (raw == List.class || raw == ArrayList.class || raw == Collection.class || raw == Iterable.class) {
      return ArrayList::new;
    }
    if (raw == java.util.Set.class || raw == java.util.HashSet.class || raw == LinkedHashSet.class) {
      return LinkedHashSet::new;
    }
    if (raw == java.util.SortedSet.class || raw == java.util.NavigableSet.class || raw == TreeSet.class) {
      return n -> new TreeSet<>();
    }
    if (raw == java.util.Queue.class || raw == java.util.Deque.class || raw == ArrayDeque.class) {
      return ArrayDeque::new;
    }
    return null;
  }

  /** Map interfaces and classes we can instantiate, or null. */
  static IntFunction<Map<Object, Object>> mapFactory(Class<?> raw) {
    if (raw == Map.class || raw == HashMap.class || raw == LinkedHashMap.class) {
      return LinkedHashMap::new;
    }
    if (raw == java.util.SortedMap.class || raw == java.util.NavigableMap.class || raw == TreeMap.class) {
      return n -> new TreeMap<>();
    }
    return null;
  }

  // ---- scalars ---------------------------------------------------------------------------------

  private static Decoder primitive(Class<?> type) {
    if (type == int.class) {
      return integer(Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v);
    }
    if (type == long.class) {
      return integer(Long.MIN_VALUE, Long.MAX_VALUE, v -> v);
    }
    if (type == short.class) {
      return integer(Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v);
    }
    if (type == byte.class) {
      return integer(Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v);
    }
    if (type == double.class) {
      return Decoders::readDouble;
    }
    if (type == float.class) {
      return r -> (float) (double) (Double) readDouble(r);
    }
    if (type == boolean.class) {
      return r -> {
        if (r.peek().getValueType() != ValueType.BOOLEAN) {
          throw r.mismatch("bool");
        }
        return r.unpacker().unpackBoolean();
      };
    }
    if (type == char.class) {
      return r -> {
        if (r.peek().getValueType() != ValueType.STRING) {
          throw r.mismatch("str");
        }
        String s = r.readString();
        if (s.length() != 1) {
          throw new ValidationFailure("Expected `str` of length 1");
        }
        return s.charAt(0);
      };
    }
    if (type == void.class) {
      return r -> {
        r.skipValue();
        return null;
      };
    }
    throw new IllegalArgumentException(type + " is not supported");
  }

  private static Decoder integer(long min, long max, LongFunction<Object> box) {
    return r -> {
      MessageFormat f = r.peek();
      if (f.getValueType() != ValueType.INTEGER) {
        throw r.mismatch("int");
      }
      long v;
      if (f == MessageFormat.UINT64) {
        BigInteger b = r.unpacker().unpackBigInteger();
        if (b.bitLength() > 63) {
          throw new ValidationFailure("Expected `int` <= " + max);
        }
        v = b.longValue();
      } else {
        v = r.unpacker().unpackLong();
      }
      if (v > max) {
        throw new ValidationFailure("Expected `int` <= " + max);
      }
      if (v < min) {
        throw new ValidationFailure("Expected `int` >= " + min);
      }
      return box.apply(v);
    };
  }

  private static Object readDouble(MsgpackReader r) throws IOException {
    MessageFormat f = r.peek();
    return switch (f.getValueType()) {
      case FLOAT -> r.readFloat(f);
      case INTEGER -> {
        Object n = r.readInteger(f); // msgspec accepts ints for floats
        yield n instanceof Long l ? (double) l : ((BigInteger) n).doubleValue();
      }
      default -> throw r.mismatch("float");
    };
  }

  private static Object string(MsgpackReader r) throws IOException {
    if (r.peek().getValueType() != ValueType.STRING) {
      throw r.mismatch("str");
    }
    return r.readString();
  }

  private static Object bigInteger(MsgpackReader r) throws IOException {
    MessageFormat f = r.peek();
    if (f.getValueType() != ValueType.INTEGER) {
      throw r.mismatch("int");
    }
    Object n = r.readInteger(f);
    return n instanceof Long l ? BigInteger.valueOf(l) : n;
  }

  private static Object bigDecimal(MsgpackReader r) throws IOException {
    MessageFormat f = r.peek();
    switch (f.getValueType()) {
      case STRING -> {
        return parseDecimal(r.readString());
      }
      case INTEGER -> {
        Object n = r.readInteger(f);
        return n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((BigInteger) n);
      }
      case FLOAT -> {
        double d = r.readFloat(f);
        if (!Double.isFinite(d)) {
          throw new ValidationFailure(NOT_FINITE);
        }
        return new BigDecimal(Double.toString(d));
      }
      default -> throw r.mismatch("decimal");
    }
  }

  /** Java's one difference from msgspec for decimals: a {@code BigDecimal} has no NaN or infinities. */
  static final String NOT_FINITE = "Invalid decimal: `BigDecimal` cannot hold NaN or Infinity";

  /**
   * Decimal text as Python's {@code Decimal} reads it: surrounding whitespace and single underscores
   * between digits allowed. NaN and the infinities, which Python accepts, are refused with {@link
   * #NOT_FINITE} (prefixed with msgspec's {@code Invalid decimal string}).
   */
  static BigDecimal parseDecimal(String text) {
    String s = text.strip();
    String word = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")
        || (lower.startsWith("nan") || lower.startsWith("snan")) && lower.replaceFirst("^s?nan", "").chars().allMatch(Character::isDigit)) {
      throw new ValidationFailure("Invalid decimal string: `BigDecimal` cannot hold NaN or Infinity");
    }
    if (s.indexOf('_') >= 0) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '_'
            && (i == 0 || i == s.length() - 1 || !Character.isDigit(s.charAt(i - 1)) || !Character.isDigit(s.charAt(i + 1)))) {
          throw new ValidationFailure("Invalid decimal string");
        }
      }
      s = s.replace("_", "");
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new ValidationFailure("Invalid decimal string");
    }
  }

  private static Object uuid(MsgpackReader r) throws IOException {
    MessageFormat f = r.peek();
    if (f.getValueType() == ValueType.BINARY) {
      byte[] b = r.readBinary();
      if (b.length != 16) {
        throw new ValidationFailure("Invalid UUID bytes");
      }
      ByteBuffer buffer = ByteBuffer.wrap(b);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    if (f.getValueType() != ValueType.STRING) {
      throw r.mismatch("uuid");
    }
    String s = r.readString();
    String hex;
    if (s.length() == 36
        && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-' && s.charAt(23) == '-') {
      hex = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23) + s.substring(24);
    } else if (s.length() == 32) {
      hex = s;
    } else {
      throw new ValidationFailure("Invalid UUID");
    }
    for (int i = 0; i < 32; i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        throw new ValidationFailure("Invalid UUID");
      }
    }
    return new UUID(
        Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
  }

  // ---- date and time ---------------------------------------------------------------------------

  /** Reads a timestamp extension -1; null if the next value is a string (not consumed). */
  private static Instant timestampOrNull(MsgpackReader r, String expected) throws IOException {
    MessageFormat f = r.peek();
    if (f.getValueType() == ValueType.EXTENSION) {
      if (r.peekExtType(f) != -1) {
        throw r.mismatch(expected);
      }
      ExtensionTypeHeader h = r.readExtensionHeader();
      return r.readTimestamp(h.getLength());
    }
    if (f.getValueType() != ValueType.STRING) {
      throw r.mismatch(expected);
    }
    return null;
  }

  /** The RFC 3339 text of a date-time, as msgspec reads it. */
  private static IsoTime.DateTime dateTimeText(MsgpackReader r) throws IOException {
    IsoTime.DateTime parsed = IsoTime.parseDateTime(r.readString());
    if (parsed == null) {
      throw new ValidationFailure("Invalid RFC3339 encoded datetime");
    }
    return parsed;
  }

  /** An aware date-time: a timestamp (UTC), or text with an offset (kept); naive text is refused. */
  private static Decoder dateTime(Function<OffsetDateTime, Object> convert) {
    return r -> {
      Instant t = timestampOrNull(r, "datetime");
      if (t != null) {
        return convert.apply(t.atOffset(ZoneOffset.UTC));
      }
      return convert.apply(aware(dateTimeText(r)));
    };
  }

  private static OffsetDateTime aware(IsoTime.DateTime parsed) {
    if (parsed.offsetSeconds() == null) {
      throw new ValidationFailure("Expected `datetime` with a timezone component");
    }
    ZoneOffset offset = IsoTime.offset(parsed.offsetSeconds());
    if (offset == null) { // beyond Java's +-18:00: the same instant, in UTC
      return parsed.dateTime().minusSeconds(parsed.offsetSeconds()).atOffset(ZoneOffset.UTC);
    }
    return parsed.dateTime().atOffset(offset);
  }

  /** A naive date-time; an aware one (timestamp, or text with an offset) is taken in UTC. */
  private static Object localDateTime(MsgpackReader r) throws IOException {
    Instant t = timestampOrNull(r, "datetime");
    if (t != null) {
      LocalDateTime local = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
      if (local.getYear() < 1 || local.getYear() > 9999) {
        // A LocalDateTime travels as RFC 3339 text, which has four-digit years (as Python's
        // datetime): one outside them could not be sent back (fuzzing finding 5)
        throw new ValidationFailure("Timestamp is out of range");
      }
      return local;
    }
    IsoTime.DateTime parsed = dateTimeText(r);
    if (parsed.offsetSeconds() == null) {
      return parsed.dateTime();
    }
    return parsed.dateTime().minusSeconds(parsed.offsetSeconds());
  }

  private static Object localDate(MsgpackReader r) throws IOException {
    if (r.peek().getValueType() != ValueType.STRING) {
      throw r.mismatch("date");
    }
    LocalDate date = IsoTime.parseDate(r.readString());
    if (date == null) {
      throw new ValidationFailure("Invalid RFC3339 encoded date");
    }
    return date;
  }

  private static IsoTime.Time timeText(MsgpackReader r) throws IOException {
    if (r.peek().getValueType() != ValueType.STRING) {
      throw r.mismatch("time");
    }
    IsoTime.Time time = IsoTime.parseTime(r.readString());
    if (time == null) {
      throw new ValidationFailure("Invalid RFC3339 encoded time");
    }
    return time;
  }

  /** A naive time; one with an offset is refused rather than have its offset dropped. */
  private static Object localTime(MsgpackReader r) throws IOException {
    IsoTime.Time time = timeText(r);
    if (time.offsetSeconds() != null) {
      throw new ValidationFailure("Expected `time` with no timezone component");
    }
    return time.time();
  }

  /** A time with its offset; a naive one is refused. */
  private static Object offsetTime(MsgpackReader r) throws IOException {
    IsoTime.Time time = timeText(r);
    if (time.offsetSeconds() == null) {
      throw new ValidationFailure("Expected `time` with a timezone component");
    }
    ZoneOffset offset = IsoTime.offset(time.offsetSeconds());
    if (offset == null) {
      throw new ValidationFailure("Invalid RFC3339 encoded time");
    }
    return OffsetTime.of(time.time(), offset);
  }

  // ---- containers ------------------------------------------------------------------------------

  private static Decoder collection(IntFunction<Collection<Object>> factory, Decoder element) {
    return r -> {
      if (r.peek().getValueType() != ValueType.ARRAY) {
        throw r.mismatch("array");
      }
      int n = r.readArrayHeader();
      Collection<Object> out = factory.apply(MsgpackReader.initialCapacity(n));
      for (int i = 0; i < n; i++) {
        try {
          out.add(element.decode(r));
        } catch (ValidationFailure f) {
          throw f.at("[" + i + "]");
        } catch (ClassCastException | NullPointerException e) {
          // a sorted set given incomparable or null elements
          throw new ValidationFailure("Element cannot be added: " + e.getMessage()).at("[" + i + "]");
        }
      }
      r.leave();
      return out;
    };
  }

  private static Decoder array(Class<?> component, Decoder element) {
    return r -> {
      if (r.peek().getValueType() != ValueType.ARRAY) {
        throw r.mismatch("array");
      }
      int n = r.readArrayHeader();
      List<Object> items = new ArrayList<>(MsgpackReader.initialCapacity(n));
      for (int i = 0; i < n; i++) {
        try {
          Object item = element.decode(r);
          if (item == null && component.isPrimitive()) {
            throw ValidationFailure.mismatch(TypeSupport.wireName(component), "None");
          }
          items.add(item);
        } catch (ValidationFailure f) {
          throw f.at("[" + i + "]");
        }
      }
      r.leave();
      Object out = Array.newInstance(component, n);
      if (out instanceof Object[] objects) {
        for (int i = 0; i < n; i++) {
          objects[i] = items.get(i);
        }
      } else {
        for (int i = 0; i < n; i++) {
          Array.set(out, i, items.get(i));
        }
      }
      return out;
    };
  }

  private static Decoder map(IntFunction<Map<Object, Object>> factory, Decoder keys, Decoder values) {
    return r -> {
      if (r.peek().getValueType() != ValueType.MAP) {
        throw r.mismatch("object");
      }
      int n = r.readMapHeader();
      Map<Object, Object> out = factory.apply(MsgpackReader.initialCapacity(n));
      for (int i = 0; i < n; i++) {
        Object key;
        try {
          key = keys.decode(r);
        } catch (ValidationFailure f) {
          throw f.inKey(); // msgspec: - at `key` in `$`
        }
        try {
          out.put(key, values.decode(r));
        } catch (ValidationFailure f) {
          throw f.at("[...]"); // msgspec names no key in a map value's path
        } catch (ClassCastException | NullPointerException e) {
          throw new ValidationFailure("Key cannot be used: " + e.getMessage()).at("[...]");
        }
      }
      r.leave();
      return out;
    };
  }

  // ---- enums -------------------------------------------------------------------------------

  private static Decoder enumDecoder(EnumInfo info) {
    return r -> {
      MessageFormat f = r.peek();
      ValueType vt = f.getValueType();
      Object wire;
      if (!info.byValue()) {
        if (vt != ValueType.STRING) {
          throw r.mismatch("str");
        }
        wire = r.readString();
      } else {
        switch (vt) {
          case STRING, INTEGER, FLOAT, BOOLEAN -> wire = readAny(r);
          default -> throw r.mismatch(info.type().getSimpleName());
        }
      }
      Enum<?> found = info.lookup(wire);
      if (found == null) {
        String shown = wire instanceof String s ? "'" + s + "'" : String.valueOf(wire);
        throw new ValidationFailure("Invalid enum value " + shown);
      }
      return found;
    };
  }

  // ---- records and POJOs -------------------------------------------------------------------

  /** Marks a property without a value for a missing key (so a missing key is an error). */
  private static final Object REQUIRED = new Object();

  /** Reads a map into property slots by name; subclasses build the object. */
  private abstract static class PropertiesDecoder implements Decoder {
    final String[] names;
    final Decoder[] decoders;
    final Object[] whenMissing; // REQUIRED, or the value to use
    final Map<String, Integer> index = new HashMap<>();

    PropertiesDecoder(String[] names, Decoder[] decoders, Object[] whenMissing) {
      this.names = names;
      this.decoders = decoders;
      this.whenMissing = whenMissing;
      for (int i = 0; i < names.length; i++) {
        index.put(names[i], i);
      }
    }

    @Override
    public Object decode(MsgpackReader r) throws IOException {
      if (r.peek().getValueType() != ValueType.MAP) {
        throw r.mismatch("object");
      }
      int n = r.readMapHeader();
      Object[] values = new Object[names.length];
      boolean[] seen = new boolean[names.length];
      for (int i = 0; i < n; i++) {
        if (r.peek().getValueType() != ValueType.STRING) {
          r.skipValue(); // non-string keys cannot name a property
          r.skipValue();
          continue;
        }
        String key = r.readString();
        Integer slot = index.get(key);
        if (slot == null) {
          r.skipValue(); // unknown keys are ignored, like msgspec
          continue;
        }
        try {
          values[slot] = decoders[slot].decode(r);
        } catch (ValidationFailure f) {
          throw f.at("." + key);
        }
        seen[slot] = true;
      }
      r.leave();
      return create(values, seen);
    }

    abstract Object create(Object[] values, boolean[] seen);

    ValidationFailure creationFailed(Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : t;
      String text = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
      return new ValidationFailure("Invalid value: " + text, cause);
    }
  }

  private static final class RecordDecoder extends PropertiesDecoder {
    private final MethodHandle constructor; // (Object[])Object

    RecordDecoder(String[] names, Decoder[] decoders, Object[] whenMissing, MethodHandle constructor) {
      super(names, decoders, whenMissing);
      this.constructor = constructor;
    }

    @Override
    Object create(Object[] values, boolean[] seen) {
      for (int i = 0; i < values.length; i++) {
        if (!seen[i]) {
          if (whenMissing[i] == REQUIRED) {
            throw new ValidationFailure("Object missing required field `" + names[i] + "`");
          }
          values[i] = whenMissing[i];
        }
      }
      try {
        return constructor.invokeExact(values);
      } catch (Throwable t) {
        throw creationFailed(t);
      }
    }
  }

  private Decoder record(Type type, Class<?> raw) {
    Map<TypeVariable<?>, Type> bindings = Types.bindings(type);
    RecordComponent[] components = raw.getRecordComponents();
    int n = components.length;
    String[] names = new String[n];
    Decoder[] decoders = new Decoder[n];
    Object[] whenMissing = new Object[n];
    Class<?>[] parameterTypes = new Class<?>[n];
    for (int i = 0; i < n; i++) {
      RecordComponent c = components[i];
      names[i] = c.getName();
      parameterTypes[i] = c.getType();
      Type componentType = Types.resolve(c.getGenericType(), bindings);
      decoders[i] = forType(componentType);
      whenMissing[i] = missingValue(c.getType());
    }
    try {
      Constructor<?> constructor = raw.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
      MethodHandle handle =
          MethodHandles.lookup()
              .unreflectConstructor(constructor)
              .asSpreader(Object[].class, n)
              .asType(MethodType.methodType(Object.class, Object[].class));
      return new RecordDecoder(names, decoders, whenMissing, handle);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          type.getTypeName() + " is not supported: canonical constructor not accessible (" + e + ")");
    }
  }

  private static Object missingValue(Class<?> type) {
    if (type == Optional.class) {
      return Optional.empty();
    }
    if (type == OptionalInt.class) {
      return OptionalInt.empty();
    }
    if (type == OptionalLong.class) {
      return OptionalLong.empty();
    }
    if (type == OptionalDouble.class) {
      return OptionalDouble.empty();
    }
    return REQUIRED;
  }

  /** {@code decoder}, except that nil reads as null. */
  private static Decoder nilAsNull(Decoder decoder) {
    return r -> {
      if (r.peek().getValueType() == ValueType.NIL) {
        r.unpacker().unpackNil();
        return null;
      }
      return decoder.decode(r);
    };
  }

  private static boolean isOptional(Class<?> type) {
    return type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
        || type == OptionalDouble.class;
  }

  private static final class PojoDecoder extends PropertiesDecoder {
    private final MethodHandle constructor; // ()Object
    private final MethodHandle[] setters; // (Object,Object)void

    PojoDecoder(String[] names, Decoder[] decoders, Object[] whenMissing, MethodHandle constructor,
        MethodHandle[] setters) {
      super(names, decoders, whenMissing);
      this.constructor = constructor;
      this.setters = setters;
    }

    @Override
    Object create(Object[] values, boolean[] seen) {
      Object instance;
      try {
        instance = constructor.invokeExact();
      } catch (Throwable t) {
        throw creationFailed(t);
      }
      for (int i = 0; i < values.length; i++) {
        // POJO fields keep their constructor-assigned defaults when the key is absent,
        // except Optional fields, which become empty rather than null.
        Object value = seen[i] ? values[i] : whenMissing[i];
        if (value == REQUIRED) {
          continue;
        }
        try {
          setters[i].invokeExact(instance, value);
        } catch (Throwable t) {
          throw creationFailed(t).at("." + names[i]);
        }
      }
      return instance;
    }
  }

  private Decoder pojo(Type type, Class<?> raw) {
    Map<TypeVariable<?>, Type> bindings = Types.bindings(type);
    List<Field> fields = Reflection.pojoFields(raw);
    int n = fields.size();
    String[] names = new String[n];
    Decoder[] decoders = new Decoder[n];
    Object[] whenMissing = new Object[n];
    MethodHandle[] setters = new MethodHandle[n];
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      for (int i = 0; i < n; i++) {
        Field f = fields.get(i);
        names[i] = f.getName();
        Decoder decoder = forType(Types.resolve(f.getGenericType(), bindings));
        // No POJO field is required (the contract's Python model is Optional[T] = None), and the
        // encoder writes a null field as nil: a reference field takes nil as null, so that what
        // is encoded decodes. A primitive field still refuses nil.
        decoders[i] = f.getType().isPrimitive() || isOptional(f.getType()) ? decoder : nilAsNull(decoder);
        whenMissing[i] = missingValue(f.getType());
        f.setAccessible(true);
        MethodHandle setter = lookup.unreflectSetter(f);
        setters[i] = setter.asType(MethodType.methodType(void.class, Object.class, Object.class));
      }
      Constructor<?> constructor = raw.getDeclaredConstructor();
      constructor.setAccessible(true);
      MethodHandle handle =
          lookup.unreflectConstructor(constructor).asType(MethodType.methodType(Object.class));
      return new PojoDecoder(names, decoders, whenMissing, handle, setters);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(type.getTypeName() + " is not supported: " + e);
    }
  }

  // ---- untyped -------------------------------------------------------------------------------

  /**
   * Untyped decoding: null, Boolean, Long (BigInteger above Long.MAX_VALUE), Double, String,
   * byte[], ArrayList, LinkedHashMap, Instant (timestamp extension) or {@link ExtensionValue}.
   */
  public static Object readAny(MsgpackReader r) throws IOException {
    MessageFormat f = r.peek();
    switch (f.getValueType()) {
      case NIL -> {
        r.unpacker().unpackNil();
        return null;
      }
      case BOOLEAN -> {
        return r.unpacker().unpackBoolean();
      }
      case INTEGER -> {
        return r.readInteger(f);
      }
      case FLOAT -> {
        return r.readFloat(f);
      }
      case STRING -> {
        return r.readString();
      }
      case BINARY -> {
        return r.readBinary();
      }
      case ARRAY -> {
        int n = r.readArrayHeader();
        List<Object> list = new ArrayList<>(MsgpackReader.initialCapacity(n));
        for (int i = 0; i < n; i++) {
          list.add(readAny(r));
        }
        r.leave();
        return list;
      }
      case MAP -> {
        int n = r.readMapHeader();
        Map<Object, Object> map = new LinkedHashMap<>(MsgpackReader.initialCapacity(n));
        for (int i = 0; i < n; i++) {
          Object key = readAny(r);
          map.put(key, readAny(r));
        }
        r.leave();
        return map;
      }
      case EXTENSION -> {
        ExtensionTypeHeader h = r.readExtensionHeader();
        if (h.getType() == -1) {
          return r.readTimestamp(h.getLength());
        }
        return new ExtensionValue(h.getType(), r.readPayload(h.getLength()));
      }
    }
    throw new IllegalStateException("unreachable");
  }
}
