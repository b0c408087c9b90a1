package io.zeroapi.codec;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.msgpack.core.MessagePacker;

/**
 * Encoding by runtime class, with msgspec's conventions. One {@link Encoder} per class, built once
 * (a {@link ClassValue}); containers dispatch on each element's own class.
 */
final class Encoders {
  private Encoders() {}

  /** Writes one non-null value. */
  @FunctionalInterface
  public interface Encoder {
    void encode(Object value, Context context) throws IOException;
  }

  /** Per-call state: the packer and the nesting depth (cycles end at the depth limit). */
  public static final class Context {
    final MessagePacker packer;
    private final int maxDepth;
    private int depth;

    public Context(MessagePacker packer, int maxDepth) {
      this.packer = packer;
      this.maxDepth = maxDepth;
    }

    public MessagePacker packer() {
      return packer;
    }

    /** Writes any value, null included. */
    public void write(Object value) throws IOException {
      if (value == null) {
        packer.packNil();
      } else {
        ENCODERS.get(value.getClass()).encode(value, this);
      }
    }

    void enter() {
      if (++depth > maxDepth) {
        throw new ValidationFailure(
            "nesting deeper than " + maxDepth + " while encoding (a cycle?)");
      }
    }

    void leave() {
      depth--;
    }
  }

  private static final ClassValue<Encoder> ENCODERS =
      new ClassValue<>() {
        @Override
        protected Encoder computeValue(Class<?> type) {
          return build(type);
        }
      };

  /** The encoder of a class (for tests and special cases). */
  public static Encoder forClass(Class<?> type) {
    return ENCODERS.get(type);
  }

  // ---- primitives shared with the codec -----------------------------------------------------

  /** Smallest str form: fixstr, str8, str16, str32 (UTF-8). */
  public static void writeString(MessagePacker p, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    p.packRawStringHeader(bytes.length);
    p.writePayload(bytes);
  }

  /**
   * The timestamp extension (-1) in msgspec's choice of form: fixext4 (u32 seconds) when there
   * are no nanoseconds and 0 <= seconds < 2^32; fixext8 ({@code nanos << 34 | seconds}) when 0 <=
   * seconds < 2^34; otherwise ext8 of 12 bytes (u32 nanos, i64 seconds).
   */
  public static void writeTimestamp(MessagePacker p, Instant t) throws IOException {
    long sec = t.getEpochSecond();
    int nanos = t.getNano();
    if ((sec >>> 34) == 0) {
      if (nanos == 0 && (sec >>> 32) == 0) {
        p.packExtensionTypeHeader((byte) -1, 4);
        p.writePayload(new byte[] {(byte) (sec >>> 24), (byte) (sec >>> 16), (byte) (sec >>> 8), (byte) sec});
      } else {
        long v = ((long) nanos << 34) | sec;
        p.packExtensionTypeHeader((byte) -1, 8);
        p.writePayload(longBytes(v));
      }
    } else {
      p.packExtensionTypeHeader((byte) -1, 12);
      byte[] b = new byte[12];
      b[0] = (byte) (nanos >>> 24);
      b[1] = (byte) (nanos >>> 16);
      b[2] = (byte) (nanos >>> 8);
      b[3] = (byte) nanos;
      System.arraycopy(longBytes(sec), 0, b, 4, 8);
      p.writePayload(b);
    }
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  // ---- building --------------------------------------------------------------------------

  private static Encoder build(Class<?> type) {
    if (type == String.class) {
      return (v, c) -> writeString(c.packer, (String) v);
    }
    if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
      return (v, c) -> c.packer.packLong(((Number) v).longValue());
    }
    if (type == Boolean.class) {
      return (v, c) -> c.packer.packBoolean((Boolean) v);
    }
    if (type == Double.class || type == Float.class) {
      return (v, c) -> c.packer.packDouble(((Number) v).doubleValue()); // always float64
    }
    if (type == Character.class) {
      return (v, c) -> writeString(c.packer, v.toString());
    }
    if (type == BigInteger.class) {
      return (v, c) -> {
        BigInteger b = (BigInteger) v;
        if (b.compareTo(MIN) < 0 || b.compareTo(MAX) > 0) {
          throw new ValidationFailure("Integer value out of range: " + b);
        }
        c.packer.packBigInteger(b);
      };
    }
    if (type == byte[].class) {
      return (v, c) -> {
        byte[] b = (byte[]) v;
        c.packer.packBinaryHeader(b.length);
        c.packer.writePayload(b);
      };
    }
    if (type == ExtensionValue.class) {
      // an extension read untyped goes back out as the same extension, not as a record's map
      return (v, c) -> {
        ExtensionValue e = (ExtensionValue) v;
        c.packer.packExtensionTypeHeader(e.type(), e.data().length);
        c.packer.writePayload(e.data());
      };
    }
    if (type.isArray()) {
      return Encoders::encodeArray;
    }
    if (Collection.class.isAssignableFrom(type)) {
      return Encoders::encodeCollection;
    }
    if (Map.class.isAssignableFrom(type)) {
      return Encoders::encodeMap;
    }
    if (Enum.class.isAssignableFrom(type)) {
      Class<?> enumClass = type.isEnum() ? type : type.getSuperclass(); // constant bodies
      EnumInfo info = EnumInfo.of(enumClass);
      return (v, c) -> c.write(info.wireValue((Enum<?>) v));
    }
    if (type == Instant.class) {
      return (v, c) -> writeTimestamp(c.packer, (Instant) v);
    }
    if (type == OffsetDateTime.class) {
      return (v, c) -> writeTimestamp(c.packer, ((OffsetDateTime) v).toInstant());
    }
    if (type == ZonedDateTime.class) {
      return (v, c) -> writeTimestamp(c.packer, ((ZonedDateTime) v).toInstant());
    }
    if (type == LocalDateTime.class) {
      return (v, c) -> writeString(c.packer, IsoTime.format((LocalDateTime) v));
    }
    if (type == LocalDate.class) {
      return (v, c) -> writeString(c.packer, IsoTime.format((LocalDate) v));
    }
    if (type == LocalTime.class) {
      return (v, c) -> writeString(c.packer, IsoTime.format((LocalTime) v));
    }
    if (type == OffsetTime.class) {
      return (v, c) -> writeString(c.packer, IsoTime.format((OffsetTime) v));
    }
    if (type == UUID.class || type == BigDecimal.class) {
      return (v, c) -> writeString(c.packer, v.toString()); // UUID.toString is lowercase canonical
    }
    if (type == Optional.class) {
      return (v, c) -> c.write(((Optional<?>) v).orElse(null));
    }
    if (type == OptionalInt.class) {
      return (v, c) -> {
        OptionalInt o = (OptionalInt) v;
        if (o.isPresent()) c.packer.packLong(o.getAsInt());
        else c.packer.packNil();
      };
    }
    if (type == OptionalLong.class) {
      return (v, c) -> {
        OptionalLong o = (OptionalLong) v;
        if (o.isPresent()) c.packer.packLong(o.getAsLong());
        else c.packer.packNil();
      };
    }
    if (type == OptionalDouble.class) {
      return (v, c) -> {
        OptionalDouble o = (OptionalDouble) v;
        if (o.isPresent()) c.packer.packDouble(o.getAsDouble());
        else c.packer.packNil();
      };
    }
    String problem = Reflection.unsupportedForEncoding(type);
    if (problem != null) {
      String message = "Encoding objects of type " + type.getName() + " is unsupported: " + problem;
      return (v, c) -> {
        throw new ValidationFailure(message);
      };
    }
    try {
      return type.isRecord() ? recordEncoder(type) : pojoEncoder(type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      String message = "Encoding objects of type " + type.getName() + " is unsupported: " + e;
      return (v, c) -> {
        throw new ValidationFailure(message);
      };
    }
  }

  private static void encodeArray(Object array, Context c) throws IOException {
    int n = Array.getLength(array);
    c.enter();
    c.packer.packArrayHeader(n);
    if (array instanceof Object[] objects) {
      for (int i = 0; i < n; i++) {
        writeElement(objects[i], i, c);
      }
    } else {
      for (int i = 0; i < n; i++) {
        writeElement(Array.get(array, i), i, c);
      }
    }
    c.leave();
  }

  private static void encodeCollection(Object value, Context c) throws IOException {
    Collection<?> collection = (Collection<?>) value;
    c.enter();
    int n = collection.size();
    c.packer.packArrayHeader(n);
    int i = 0;
    if (collection instanceof List<?> list && list instanceof java.util.RandomAccess) {
      for (; i < n; i++) {
        writeElement(list.get(i), i, c);
      }
    } else {
      for (Object element : collection) {
        if (i == n) {
          throw new ValidationFailure("collection changed size while being encoded");
        }
        writeElement(element, i++, c);
      }
      if (i != n) {
        throw new ValidationFailure("collection changed size while being encoded");
      }
    }
    c.leave();
  }

  private static void writeElement(Object element, int index, Context c) throws IOException {
    try {
      c.write(element);
    } catch (ValidationFailure f) {
      throw f.at("[" + index + "]");
    }
  }

  private static void encodeMap(Object value, Context c) throws IOException {
    Map<?, ?> map = (Map<?, ?>) value;
    c.enter();
    int n = map.size();
    c.packer.packMapHeader(n);
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (i++ == n) {
        throw new ValidationFailure("map changed size while being encoded");
      }
      Object key = e.getKey();
      try {
        c.write(key);
        c.write(e.getValue());
      } catch (ValidationFailure f) {
        throw f.at(key instanceof String s ? "." + s : "[" + key + "]");
      }
    }
    if (i != n) {
      throw new ValidationFailure("map changed size while being encoded");
    }
    c.leave();
  }

  /** Names (pre-encoded as msgpack str) and getters of the properties of a record or POJO. */
  private record Properties(byte[][] names, String[] labels, MethodHandle[] getters) {
    Encoder encoder() {
      return (v, c) -> {
        c.enter();
        c.packer.packMapHeader(names.length);
        for (int i = 0; i < names.length; i++) {
          c.packer.writePayload(names[i]);
          Object property;
          try {
            property = getters[i].invokeExact(v);
          } catch (RuntimeException | Error e) {
            throw e;
          } catch (Throwable t) {
            throw new ValidationFailure("reading " + labels[i] + " failed: " + t, t);
          }
          try {
            c.write(property);
          } catch (ValidationFailure f) {
            throw f.at("." + labels[i]);
          }
        }
        c.leave();
      };
    }
  }

  private static byte[] strBytes(String s) {
    try {
      var p = org.msgpack.core.MessagePack.newDefaultBufferPacker();
      writeString(p, s);
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

  private static Encoder recordEncoder(Class<?> type) throws ReflectiveOperationException {
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    byte[][] names = new byte[n][];
    String[] labels = new String[n];
    MethodHandle[] getters = new MethodHandle[n];
    for (int i = 0; i < n; i++) {
      Method accessor = components[i].getAccessor();
      accessor.setAccessible(true);
      labels[i] = components[i].getName();
      names[i] = strBytes(labels[i]);
      getters[i] = MethodHandles.lookup().unreflect(accessor).asType(GETTER);
    }
    return new Properties(names, labels, getters).encoder();
  }

  private static Encoder pojoEncoder(Class<?> type) throws ReflectiveOperationException {
    List<Field> fields = Reflection.pojoFields(type);
    int n = fields.size();
    byte[][] names = new byte[n][];
    String[] labels = new String[n];
    MethodHandle[] getters = new MethodHandle[n];
    for (int i = 0; i < n; i++) {
      Field f = fields.get(i);
      f.setAccessible(true);
      labels[i] = f.getName();
      names[i] = strBytes(labels[i]);
      getters[i] = MethodHandles.lookup().unreflectGetter(f).asType(GETTER);
    }
    return new Properties(names, labels, getters).encoder();
  }
}
