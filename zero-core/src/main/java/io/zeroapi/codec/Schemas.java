package io.zeroapi.codec;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Describes Java types as JSON Schema (the subset and the {@code x-zero-*} extensions of
 * docs/contract.md), the way {@link MsgpackCodec} maps them to MessagePack. Records, POJOs and
 * enums become named definitions referred to by {@code $ref}, so recursive types terminate.
 *
 * <p>The definitions map is the only state: each definition records the Java type it stands for
 * ({@code x-zero-java}), which is how a type met again finds its name, and how a second class with
 * the same simple name is told apart (it gets its package-qualified name).
 */
final class Schemas {
  /** Where a {@code $ref} points: the contract's top-level {@code definitions}. */
  static final String REF_PREFIX = "#/definitions/";

  private final Map<String, Object> definitions;

  private Schemas(Map<String, Object> definitions) {
    this.definitions = definitions;
  }

  /** The schema of {@code type}; definitions it refers to are added to {@code definitions}. */
  static Map<String, Object> describe(Type type, Map<String, Object> definitions) {
    return new Schemas(definitions).schema(type);
  }

  /** A schema that accepts any value, saying why. */
  static Map<String, Object> any(String reason) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("x-zero-any", true);
    s.put("description", reason);
    return s;
  }

  private Map<String, Object> schema(Type type) {
    if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0 || w.getUpperBounds()[0] == Object.class) {
        return any("wildcard type " + w.getTypeName() + ": any MessagePack value");
      }
      return schema(w.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> v) {
      return any("unresolved type variable " + v.getName() + ": any MessagePack value");
    }
    if (type instanceof GenericArrayType g) {
      return array(schema(g.getGenericComponentType()), false);
    }
    Class<?> raw = Types.raw(type);
    Map<String, Object> scalar = scalar(raw);
    if (scalar != null) {
      return scalar;
    }
    if (raw == Object.class) {
      return any("java.lang.Object: any MessagePack value");
    }
    if (raw.isArray()) {
      return array(schema(raw.getComponentType()), false);
    }
    if (raw == Optional.class) {
      return nullable(schema(argument(type, 0)));
    }
    if (raw == OptionalInt.class) {
      return nullable(integer("int32"));
    }
    if (raw == OptionalLong.class) {
      return nullable(integer("int64"));
    }
    if (raw == OptionalDouble.class) {
      return nullable(number("double"));
    }
    if (Decoders.collectionFactory(raw) != null) {
      boolean unique = java.util.Set.class.isAssignableFrom(raw) || SortedSet.class.isAssignableFrom(raw);
      return array(schema(argument(type, 0)), unique);
    }
    if (Decoders.mapFactory(raw) != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "object");
      Type key = Types.simplify(argument(type, 0));
      s.put("additionalProperties", schema(argument(type, 1)));
      if (key != String.class) {
        s.put("x-zero-key", schema(key)); // MessagePack map keys need not be strings
      }
      return s;
    }
    if (raw.isEnum()) {
      return ref(type, raw);
    }
    if (Reflection.isPlatform(raw)) {
      return any(raw.getName() + ": no MessagePack mapping for this JDK type");
    }
    if (raw.getTypeParameters().length > 0 && !(type instanceof ParameterizedType)) {
      return any("raw use of generic class " + raw.getName() + ": any MessagePack value");
    }
    return ref(type, raw);
  }

  /** The i-th type argument as written (a wildcard stays one, so "any" can say so); Object if raw. */
  private static Type argument(Type type, int index) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
  }

  private static Map<String, Object> scalar(Class<?> raw) {
    if (raw == boolean.class || raw == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (raw == byte.class || raw == Byte.class) {
      return integer("int8");
    }
    if (raw == short.class || raw == Short.class) {
      return integer("int16");
    }
    if (raw == int.class || raw == Integer.class) {
      return integer("int32");
    }
    if (raw == long.class || raw == Long.class) {
      return integer("int64");
    }
    if (raw == BigInteger.class) {
      return integer("bigint");
    }
    if (raw == float.class || raw == Float.class) {
      return number("float");
    }
    if (raw == double.class || raw == Double.class) {
      return number("double");
    }
    if (raw == char.class || raw == Character.class) {
      return ordered("type", "string", "minLength", 1, "maxLength", 1);
    }
    if (raw == String.class) {
      return Map.of("type", "string");
    }
    if (raw == byte[].class) {
      return ordered("type", "string", "contentEncoding", "base64", "x-zero-wire", "bin");
    }
    if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
      return ordered("type", "string", "format", "date-time", "x-zero-wire", "timestamp");
    }
    if (raw == LocalDateTime.class) {
      return ordered("type", "string", "format", "date-time", "x-zero-naive", true);
    }
    if (raw == LocalDate.class) {
      return ordered("type", "string", "format", "date");
    }
    if (raw == LocalTime.class) {
      return ordered("type", "string", "format", "time", "x-zero-naive", true);
    }
    if (raw == OffsetTime.class) {
      return ordered("type", "string", "format", "time"); // with its offset
    }
    if (raw == UUID.class) {
      return ordered("type", "string", "format", "uuid");
    }
    if (raw == BigDecimal.class) {
      return ordered("type", "string", "format", "decimal");
    }
    if (raw == void.class || raw == Void.class) {
      return Map.of("type", "null");
    }
    return null;
  }

  private static Map<String, Object> integer(String format) {
    return ordered("type", "integer", "format", format);
  }

  private static Map<String, Object> number(String format) {
    return ordered("type", "number", "format", format);
  }

  private static Map<String, Object> array(Map<String, Object> items, boolean unique) {
    Map<String, Object> s = ordered("type", "array", "items", items);
    if (unique) {
      s.put("uniqueItems", true);
    }
    return s;
  }

  private static Map<String, Object> nullable(Map<String, Object> schema) {
    return Map.of("anyOf", List.of(schema, Map.of("type", "null")));
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> s = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      s.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return s;
  }

  // ---- named definitions -----------------------------------------------------------------------

  /** A {@code $ref} to the definition of {@code type}, which is added first if new. */
  private Map<String, Object> ref(Type type, Class<?> raw) {
    String javaName = type.getTypeName();
    String name = existing(javaName);
    if (name == null) {
      name = freeName(type, raw);
      Map<String, Object> definition = new LinkedHashMap<>();
      definitions.put(name, definition); // before the members: a recursive reference finds it
      fill(definition, type, raw);
      definition.put("x-zero-java", javaName);
    }
    return Map.of("$ref", REF_PREFIX + name);
  }

  private String existing(String javaName) {
    for (Map.Entry<String, Object> e : definitions.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> d && javaName.equals(javaNameOf(d))) {
        return e.getKey();
      }
    }
    return null;
  }

  private static Object javaNameOf(Map<?, ?> definition) {
    Object name = definition.get("x-zero-java");
    // a definition being filled has no x-zero-java yet: its placeholder holds the name meanwhile
    return name != null ? name : definition.get(PENDING);
  }

  private static final String PENDING = "x-zero-java-pending";

  /** The simple name (monomorphised for generics: {@code Box_Order}), or the qualified one on a clash. */
  private String freeName(Type type, Class<?> raw) {
    String simple = simpleName(type);
    if (!definitions.containsKey(simple)) {
      return simple;
    }
    String qualified = qualifiedName(type);
    String name = qualified;
    for (int i = 2; definitions.containsKey(name); i++) {
      name = qualified + "_" + i;
    }
    return name;
  }

  private static String simpleName(Type type) {
    if (type instanceof ParameterizedType p) {
      StringBuilder sb = new StringBuilder(simpleName(p.getRawType()));
      for (Type argument : p.getActualTypeArguments()) {
        sb.append('_').append(simpleName(Types.simplify(argument)));
      }
      return sb.toString();
    }
    if (type instanceof GenericArrayType g) {
      return simpleName(g.getGenericComponentType()) + "Array";
    }
    Class<?> raw = Types.raw(type);
    if (raw.isArray()) {
      return simpleName(raw.getComponentType()) + "Array";
    }
    if (raw.isPrimitive()) {
      return Character.toUpperCase(raw.getName().charAt(0)) + raw.getName().substring(1);
    }
    String name = raw.getSimpleName();
    return name.isEmpty() ? raw.getName().replaceAll("[^A-Za-z0-9]", "_") : name;
  }

  private static String qualifiedName(Type type) {
    if (type instanceof ParameterizedType p) {
      StringBuilder sb = new StringBuilder(qualifiedName(p.getRawType()));
      for (Type argument : p.getActualTypeArguments()) {
        sb.append('_').append(simpleName(Types.simplify(argument)));
      }
      return sb.toString();
    }
    return Types.raw(type).getName().replaceAll("[^A-Za-z0-9]", "_");
  }

  private void fill(Map<String, Object> definition, Type type, Class<?> raw) {
    definition.put(PENDING, type.getTypeName());
    try {
      if (raw.isEnum()) {
        fillEnum(definition, raw);
      } else if (raw.isRecord()) {
        fillRecord(definition, type, raw);
      } else {
        fillPojo(definition, type, raw);
      }
    } finally {
      definition.remove(PENDING);
    }
  }

  private static void fillEnum(Map<String, Object> definition, Class<?> raw) {
    EnumInfo info = EnumInfo.of(raw);
    List<Object> values = new ArrayList<>();
    List<Object> names = new ArrayList<>();
    for (Object constant : raw.getEnumConstants()) {
      Enum<?> e = (Enum<?>) constant;
      names.add(e.name());
      values.add(info.problem() == null ? wireForm(info.wireValue(e)) : e.name());
    }
    String type = jsonType(values);
    if (type != null) {
      definition.put("type", type);
    }
    definition.put("enum", values);
    if (info.byValue()) {
      definition.put("x-zero-enum-names", names);
    }
  }

  /** A wire value as the contract holds it: integral numbers as longs, chars as strings. */
  private static Object wireForm(Object value) {
    Object normalized = EnumInfo.normalize(value);
    return normalized instanceof BigInteger b ? b.toString() : normalized;
  }

  private static String jsonType(List<Object> values) {
    String type = null;
    for (Object v : values) {
      String t = v instanceof String ? "string"
          : v instanceof Long ? "integer"
          : v instanceof Number ? "number"
          : v instanceof Boolean ? "boolean"
          : null;
      if (t == null || type != null && !type.equals(t)) {
        return null;
      }
      type = t;
    }
    return type;
  }

  private void fillRecord(Map<String, Object> definition, Type type, Class<?> raw) {
    Map<TypeVariable<?>, Type> bindings = Types.bindings(type);
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (RecordComponent c : raw.getRecordComponents()) {
      properties.put(c.getName(), schema(Types.resolve(c.getGenericType(), bindings)));
      if (!isOptional(c.getType())) {
        required.add(c.getName());
      }
    }
    definition.put("type", "object");
    definition.put("properties", properties);
    definition.put("required", required);
  }

  /** POJO fields absent from a map keep their constructor's value: none is required. */
  private void fillPojo(Map<String, Object> definition, Type type, Class<?> raw) {
    Map<TypeVariable<?>, Type> bindings = Types.bindings(type);
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Field f : Reflection.pojoFields(raw)) {
      properties.put(f.getName(), schema(Types.resolve(f.getGenericType(), bindings)));
    }
    definition.put("type", "object");
    definition.put("properties", properties);
    definition.put("required", List.of());
  }

  private static boolean isOptional(Class<?> type) {
    return type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
        || type == OptionalDouble.class;
  }
}
