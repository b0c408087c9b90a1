package io.zeroapi.internal.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's contract as read back from its document (docs/contract.md): what the code generators
 * work from. {@link #parse} turns the untyped document (as decoded from MessagePack or JSON) into
 * functions, {@link Shape}s and {@link Definition}s, so that a generator never reads schema keywords
 * itself.
 *
 * <p>Reading is lenient where the format allows it (unknown keys are ignored; a schema this reader
 * does not recognise is {@link Shape.Any}) and strict where a generator would otherwise write wrong
 * code (a missing name, a {@code $ref} to no definition, a major version it does not know).
 *
 * @param format the format version ({@code "1.0"})
 * @param serverName the server's name ({@code "zero-java"})
 * @param serverVersion the server's library version
 * @param protocol {@code "tcp"}, {@code "zmq"}, or {@code null} if the document does not say
 * @param functions the functions in the server's order
 * @param definitions the named records, POJOs and enums, in the document's order
 */
public record Contract(
    String format,
    String serverName,
    String serverVersion,
    String protocol,
    List<Function> functions,
    Map<String, Definition> definitions) {

  /** The reserved function a Zero for Java server answers with its contract. */
  public static final String FUNCTION_NAME = "zero.contract";

  /** The key of the format version. */
  public static final String FORMAT_KEY = "zero_contract";

  /**
   * Why a server that answers {@value #FUNCTION_NAME} with "function not found" has no contract,
   * for messages: "the server at X " + this.
   */
  public static final String NOT_SERVED = "has no contract (it does not know the function " + FUNCTION_NAME
      + "): it is a Python Zero server, or a Zero for Java server older than contracts";

  /** The major format version this reader understands. */
  public static final int MAJOR_VERSION = 1;

  /** Where a {@code $ref} points. */
  private static final String REF_PREFIX = "#/definitions/";

  /**
   * One function.
   *
   * @param name the name callers use
   * @param parameter the parameter's name in the server's source, or {@code null} if unknown
   * @param argument the argument's shape, or {@code null} if the function takes none
   * @param result the result's shape ({@link Scalar#NULL} for none)
   * @param async whether the server completes it asynchronously (callers see no difference)
   */
  public record Function(String name, String parameter, Shape argument, Shape result, boolean async) {}

  /** The shape of a value: what a generator turns into a type of its language. */
  public sealed interface Shape {}

  /** A value of one scalar kind. */
  public enum Scalar implements Shape {
    BOOLEAN, INT8, INT16, INT32, INT64, BIGINT, FLOAT, DOUBLE, CHAR, STRING,
    /** MessagePack bin ({@code byte[]}, Python {@code bytes}). */
    BYTES,
    /** A point in time: the timestamp extension (or an ISO string with an offset). */
    INSTANT,
    /** A date and time without offset (ISO string). */
    LOCAL_DATE_TIME,
    LOCAL_DATE,
    /** A time of day without offset (ISO string). */
    LOCAL_TIME,
    /** A time of day with its offset (ISO string: {@code OffsetTime}, Python's aware {@code time}). */
    OFFSET_TIME,
    UUID,
    DECIMAL,
    /** Nil: {@code void}, Python {@code None}. */
    NULL
  }

  /**
   * A definition by name.
   *
   * @param name the key in {@link Contract#definitions()}
   */
  public record Ref(String name) implements Shape {}

  /**
   * An array.
   *
   * @param items the elements' shape
   * @param unique whether it is a set
   */
  public record ListOf(Shape items, boolean unique) implements Shape {}

  /**
   * A map.
   *
   * @param key the keys' shape ({@link Scalar#STRING} unless the schema says otherwise)
   * @param value the values' shape
   */
  public record MapOf(Shape key, Shape value) implements Shape {}

  /**
   * A value or nil.
   *
   * @param value the shape when present
   */
  public record Nullable(Shape value) implements Shape {}

  /**
   * Any MessagePack value: the contract does not know the type.
   *
   * @param reason why, as the server wrote it
   */
  public record Any(String reason) implements Shape {}

  /** A named type. */
  public sealed interface Definition {
    /** Its name in the contract. */
    String name();
  }

  /**
   * A record or POJO: a MessagePack map keyed by field name.
   *
   * @param name the name in the contract
   * @param fields the fields in wire order
   * @param javaType the server's Java type, for comments only, or {@code null}
   */
  public record Struct(String name, List<Field> fields, String javaType) implements Definition {}

  /**
   * One field of a {@link Struct}.
   *
   * @param name the key on the wire
   * @param shape its shape
   * @param required whether a value must carry it (an optional field may be absent)
   */
  public record Field(String name, Shape shape, boolean required) {}

  /**
   * An enum: a fixed set of wire values.
   *
   * @param name the name in the contract
   * @param kind the kind all values share ({@link Scalar#STRING}, {@link Scalar#INT64}, {@link
   *     Scalar#DOUBLE}, {@link Scalar#BOOLEAN}), or {@code null} when they are mixed
   * @param constants the constants' names, in order
   * @param values the wire values, in the same order (String, Long, Double or Boolean)
   * @param javaType the server's Java type, for comments only, or {@code null}
   */
  public record Enumeration(String name, Scalar kind, List<String> constants, List<Object> values, String javaType)
      implements Definition {}

  /** A document that is not a contract this reader can use. */
  public static final class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, as a sentence fragment
     */
    public FormatException(String message) {
      super(message);
    }
  }

  /**
   * Reads a contract document.
   *
   * @param document the document as decoded (maps, lists, strings, numbers, booleans, nulls)
   * @return the contract
   * @throws FormatException if it is not a contract, or of a major version this reader does not know
   */
  public static Contract parse(Object document) {
    if (!(document instanceof Map<?, ?> map) || !map.containsKey(FORMAT_KEY)) {
      throw new FormatException("this is not a Zero contract (no `" + FORMAT_KEY + "` key)");
    }
    String format = String.valueOf(map.get(FORMAT_KEY));
    int major;
    try {
      major = Integer.parseInt(format.contains(".") ? format.substring(0, format.indexOf('.')) : format);
    } catch (NumberFormatException e) {
      throw new FormatException("the contract's format version `" + format + "` is not major.minor");
    }
    if (major != MAJOR_VERSION) {
      throw new FormatException("the contract is format " + format + ", and this version of Zero for Java reads format "
          + MAJOR_VERSION + ".x only" + (major > MAJOR_VERSION ? ": upgrade Zero for Java" : ""));
    }
    Map<?, ?> server = map.get("server") instanceof Map<?, ?> s ? s : Map.of();
    Map<String, Object> rawDefinitions = new LinkedHashMap<>();
    if (map.get("definitions") instanceof Map<?, ?> defs) {
      defs.forEach((k, v) -> rawDefinitions.put(String.valueOf(k), v));
    }
    Reader reader = new Reader(rawDefinitions);
    Map<String, Definition> definitions = new LinkedHashMap<>();
    rawDefinitions.forEach((name, schema) -> definitions.put(name, reader.definition(name, schema)));
    List<Function> functions = new ArrayList<>();
    if (!(map.get("functions") instanceof List<?> list)) {
      throw new FormatException("the contract has no `functions` list");
    }
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> f) || !(f.get("name") instanceof String name) || name.isEmpty()) {
        throw new FormatException("a function of the contract has no name");
      }
      Object argument = f.get("argument");
      functions.add(new Function(
          name,
          f.get("parameter") instanceof String p && !p.isEmpty() ? p : null,
          argument == null ? null : reader.shape(argument),
          f.containsKey("result") ? reader.shape(f.get("result")) : new Any("the contract gives no result type"),
          Boolean.TRUE.equals(f.get("async"))));
    }
    return new Contract(format, string(server.get("name")), string(server.get("version")), string(map.get("protocol")),
        List.copyOf(functions), Collections.unmodifiableMap(definitions));
  }

  private static String string(Object value) {
    return value instanceof String s ? s : null;
  }

  /** Turns schemas into shapes; checks every {@code $ref} against the definitions. */
  private record Reader(Map<String, Object> definitions) {
    Shape shape(Object schema) {
      if (!(schema instanceof Map<?, ?> s)) {
        return new Any(schema instanceof Boolean b && b ? "any value" : "not a schema: " + schema);
      }
      if (Boolean.TRUE.equals(s.get("x-zero-any"))) {
        return new Any(s.get("description") instanceof String d ? d : "any MessagePack value");
      }
      if (s.get("$ref") instanceof String ref) {
        String name = ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
        if (name == null || !definitions.containsKey(name)) {
          throw new FormatException("the contract refers to `" + ref + "`, which it does not define");
        }
        return new Ref(name);
      }
      if (s.get("anyOf") instanceof List<?> options && options.size() == 2 && isNull(options.get(1))) {
        return new Nullable(shape(options.get(0)));
      }
      Object type = s.get("type");
      if (!(type instanceof String t)) {
        return new Any("a schema this version does not know: " + s);
      }
      Object format = s.get("format");
      return switch (t) {
        case "boolean" -> Scalar.BOOLEAN;
        case "null" -> Scalar.NULL;
        case "integer" -> switch (format instanceof String f ? f : "int64") {
          case "int8" -> Scalar.INT8;
          case "int16" -> Scalar.INT16;
          case "int32" -> Scalar.INT32;
          case "bigint" -> Scalar.BIGINT;
          default -> Scalar.INT64;
        };
        case "number" -> "float".equals(format) ? Scalar.FLOAT : Scalar.DOUBLE;
        case "string" -> string(s, format);
        case "array" -> new ListOf(s.containsKey("items") ? shape(s.get("items")) : new Any("array of any values"),
            Boolean.TRUE.equals(s.get("uniqueItems")));
        case "object" -> new MapOf(s.containsKey("x-zero-key") ? shape(s.get("x-zero-key")) : Scalar.STRING,
            s.get("additionalProperties") instanceof Map<?, ?> v ? shape(v) : new Any("map of any values"));
        default -> new Any("a schema this version does not know: " + s);
      };
    }

    private static Shape string(Map<?, ?> s, Object format) {
      if ("bin".equals(s.get("x-zero-wire"))) {
        return Scalar.BYTES;
      }
      if (Integer.valueOf(1).equals(number(s.get("maxLength"))) && Integer.valueOf(1).equals(number(s.get("minLength")))) {
        return Scalar.CHAR;
      }
      boolean naive = Boolean.TRUE.equals(s.get("x-zero-naive"));
      return switch (format instanceof String f ? f : "") {
        case "date-time" -> naive ? Scalar.LOCAL_DATE_TIME : Scalar.INSTANT;
        case "date" -> Scalar.LOCAL_DATE;
        case "time" -> naive ? Scalar.LOCAL_TIME : Scalar.OFFSET_TIME;
        case "uuid" -> Scalar.UUID;
        case "decimal" -> Scalar.DECIMAL;
        default -> Scalar.STRING;
      };
    }

    private static Integer number(Object value) {
      return value instanceof Number n ? n.intValue() : null;
    }

    private static boolean isNull(Object schema) {
      return schema instanceof Map<?, ?> m && "null".equals(m.get("type")) && m.size() == 1;
    }

    Definition definition(String name, Object schema) {
      if (!(schema instanceof Map<?, ?> s)) {
        throw new FormatException("the definition `" + name + "` is not a schema");
      }
      String javaType = s.get("x-zero-java") instanceof String j ? j : null;
      if (s.get("enum") instanceof List<?> values) {
        List<Object> wire = new ArrayList<>();
        for (Object v : values) {
          wire.add(v instanceof Number n && !(v instanceof Double) && !(v instanceof Float) ? (Object) n.longValue() : v);
        }
        List<String> constants = new ArrayList<>();
        if (s.get("x-zero-enum-names") instanceof List<?> names && names.size() == values.size()) {
          names.forEach(n -> constants.add(String.valueOf(n)));
        } else {
          values.forEach(v -> constants.add(String.valueOf(v)));
        }
        Scalar kind = switch (s.get("type") instanceof String t ? t : "") {
          case "string" -> Scalar.STRING;
          case "integer" -> Scalar.INT64;
          case "number" -> Scalar.DOUBLE;
          case "boolean" -> Scalar.BOOLEAN;
          default -> null;
        };
        return new Enumeration(name, kind, List.copyOf(constants), Collections.unmodifiableList(wire), javaType);
      }
      List<Field> fields = new ArrayList<>();
      List<?> required = s.get("required") instanceof List<?> r ? r : List.of();
      if (s.get("properties") instanceof Map<?, ?> properties) {
        properties.forEach((field, fieldSchema) ->
            fields.add(new Field(String.valueOf(field), shape(fieldSchema), required.contains(field))));
      }
      return new Struct(name, List.copyOf(fields), javaType);
    }
  }
}
