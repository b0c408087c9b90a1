package io.zeroapi.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/** Registration-time check that a type can be both encoded and decoded. */
final class TypeSupport {
  private TypeSupport() {}

  private static final Set<Class<?>> SCALARS =
      Set.of(
          Object.class, Void.class, String.class, Boolean.class, Character.class, Byte.class,
          Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
          BigDecimal.class, UUID.class, byte[].class, Instant.class, OffsetDateTime.class,
          ZonedDateTime.class, LocalDateTime.class, LocalDate.class, LocalTime.class, OffsetTime.class,
          OptionalInt.class, OptionalLong.class, OptionalDouble.class);

  /** Throws {@link IllegalArgumentException} {@code "<type> is not supported: <reason>"}. */
  public static void check(Type type) {
    String problem = problem(type, new HashSet<>());
    if (problem != null) {
      throw new IllegalArgumentException(type.getTypeName() + " is not supported: " + problem);
    }
  }

  private static String problem(Type type, Set<Type> visiting) {
    if (type instanceof WildcardType w) {
      return w.getLowerBounds().length > 0 ? "lower-bounded wildcard " + w : problem(w.getUpperBounds()[0], visiting);
    }
    if (type instanceof TypeVariable<?> v) {
      return "unresolved type variable " + v.getName();
    }
    if (type instanceof GenericArrayType g) {
      return within(problem(g.getGenericComponentType(), visiting), g.getGenericComponentType());
    }
    if (!visiting.add(type)) {
      return null; // recursive type: already being checked higher up
    }
    Class<?> raw = Types.raw(type);
    if (raw.isPrimitive() || SCALARS.contains(raw)) {
      return null;
    }
    if (raw.isArray()) {
      return within(problem(raw.getComponentType(), visiting), raw.getComponentType());
    }
    if (raw == Optional.class
        || Decoders.collectionFactory(raw) != null) {
      Type argument = Types.argument(type, 0);
      return within(problem(argument, visiting), argument);
    }
    if (Decoders.mapFactory(raw) != null) {
      for (int i = 0; i < 2; i++) {
        Type argument = Types.argument(type, i);
        String p = within(problem(argument, visiting), argument);
        if (p != null) {
          return p;
        }
      }
      return null;
    }
    if (raw.isEnum()) {
      return EnumInfo.of(raw).problem();
    }
    if (Reflection.isPlatform(raw)) {
      return "no MessagePack mapping for this JDK type";
    }
    Map<TypeVariable<?>, Type> bindings = Types.bindings(type);
    if (raw.getTypeParameters().length > 0 && bindings.isEmpty()) {
      return "raw use of generic class " + raw.getName() + " (give its type arguments)";
    }
    if (raw.isRecord()) {
      for (RecordComponent c : raw.getRecordComponents()) {
        Type t = Types.resolve(c.getGenericType(), bindings);
        String p = problem(t, visiting);
        if (p != null) {
          return "component `" + c.getName() + "`: " + p;
        }
      }
      return null;
    }
    String pojo = pojoProblem(raw);
    if (pojo != null) {
      return pojo;
    }
    for (Field f : Reflection.pojoFields(raw)) {
      String p = problem(Types.resolve(f.getGenericType(), bindings), visiting);
      if (p != null) {
        return "field `" + f.getName() + "`: " + p;
      }
    }
    return null;
  }

  private static String within(String problem, Type element) {
    return problem == null ? null : "element type " + element.getTypeName() + ": " + problem;
  }

  /** Why {@code raw} cannot be decoded as a POJO (no-arg constructor, settable fields), or null. */
  static String pojoProblem(Class<?> raw) {
    String encoding = Reflection.unsupportedForEncoding(raw);
    if (encoding != null) {
      return encoding;
    }
    if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
      return "interface or abstract class";
    }
    if (raw.isMemberClass() && !Modifier.isStatic(raw.getModifiers())) {
      return "inner (non-static) class";
    }
    if (raw.isAnonymousClass() || raw.isLocalClass() && !raw.isRecord() && hasOuterInstance(raw)) {
      return "anonymous or local class";
    }
    try {
      Constructor<?> constructor = raw.getDeclaredConstructor();
      constructor.setAccessible(true);
      for (Field f : Reflection.pojoFields(raw)) {
        f.setAccessible(true);
      }
    } catch (NoSuchMethodException e) {
      return "no no-argument constructor (use a record, or add one)";
    } catch (RuntimeException e) {
      return "not accessible (" + e.getMessage() + ")";
    }
    return null;
  }

  private static boolean hasOuterInstance(Class<?> raw) {
    for (Field f : raw.getDeclaredFields()) {
      if (f.isSynthetic() && f.getName().startsWith("this$")) {
        return true;
      }
    }
    return false;
  }

  /** The msgspec name of what a Java type expects on the wire. */
  static String wireName(Class<?> type) {
    if (type == boolean.class || type == Boolean.class) return "bool";
    if (type == float.class || type == double.class || type == Float.class || type == Double.class) return "float";
    if (type == char.class || type == Character.class || type == String.class) return "str";
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) return "int";
    return "object";
  }
}
