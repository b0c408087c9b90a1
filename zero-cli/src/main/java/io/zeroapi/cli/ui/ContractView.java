package io.zeroapi.cli.ui;

import io.zeroapi.cli.Json;
import io.zeroapi.internal.contract.Contract;
import io.zeroapi.internal.contract.Contract.Any;
import io.zeroapi.internal.contract.Contract.Definition;
import io.zeroapi.internal.contract.Contract.Enumeration;
import io.zeroapi.internal.contract.Contract.ListOf;
import io.zeroapi.internal.contract.Contract.MapOf;
import io.zeroapi.internal.contract.Contract.Nullable;
import io.zeroapi.internal.contract.Contract.Ref;
import io.zeroapi.internal.contract.Contract.Scalar;
import io.zeroapi.internal.contract.Contract.Shape;
import io.zeroapi.internal.contract.Contract.Struct;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server's contract as the web console's page shows it: each function with its argument and
 * result written as short type names ({@code Order}, {@code list<int32>}), the definitions it uses
 * (records with their fields, enums with their values), and an example argument generated from
 * the schema, as JSON text the user edits and sends.
 */
public final class ContractView {
  private final Contract contract;

  private ContractView(Contract contract) {
    this.contract = contract;
  }

  /**
   * The page's view of {@code contract}: {@code serverName}, {@code serverVersion}, {@code
   * protocol}, {@code functions} (each {@code name}, {@code parameter}, {@code async}, {@code
   * argumentType} (absent when it takes none), {@code resultType}, {@code uses}, {@code example}
   * (JSON text, absent when it takes none)) and {@code definitions} (by name: {@code kind} record
   * with {@code fields} ({@code name}, {@code type}, {@code required}), or enum with {@code values}).
   */
  public static Map<String, Object> of(Contract contract) {
    return new ContractView(contract).view();
  }

  private Map<String, Object> view() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("serverName", contract.serverName());
    view.put("serverVersion", contract.serverVersion());
    view.put("protocol", contract.protocol());
    List<Map<String, Object>> functions = new ArrayList<>();
    for (Contract.Function f : contract.functions()) {
      Map<String, Object> function = new LinkedHashMap<>();
      function.put("name", f.name());
      function.put("parameter", f.parameter());
      function.put("async", f.async());
      if (f.argument() != null) {
        function.put("argumentType", typeName(f.argument()));
        function.put("example", Json.writePretty(example(f.argument(), new HashSet<>())));
      }
      function.put("resultType", typeName(f.result()));
      Set<String> uses = new LinkedHashSet<>();
      if (f.argument() != null) {
        collect(f.argument(), uses);
      }
      collect(f.result(), uses);
      function.put("uses", List.copyOf(uses));
      functions.add(function);
    }
    view.put("functions", functions);
    Map<String, Object> definitions = new LinkedHashMap<>();
    contract.definitions().forEach((name, definition) -> definitions.put(name, definition(definition)));
    view.put("definitions", definitions);
    return view;
  }

  private static Map<String, Object> definition(Definition definition) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (definition instanceof Struct struct) {
      view.put("kind", "record");
      List<Map<String, Object>> fields = new ArrayList<>();
      for (Contract.Field field : struct.fields()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", field.name());
        f.put("type", typeName(field.shape()));
        f.put("required", field.required());
        fields.add(f);
      }
      view.put("fields", fields);
    } else if (definition instanceof Enumeration enumeration) {
      view.put("kind", "enum");
      view.put("values", enumeration.values());
      view.put("constants", enumeration.constants());
    }
    return view;
  }

  /** A short name for {@code shape}: {@code int32}, {@code Order}, {@code list<string>}, {@code map<string, Point>}. */
  static String typeName(Shape shape) {
    return switch (shape) {
      case Scalar scalar -> switch (scalar) {
        case BYTES -> "bytes (base64)";
        case INSTANT -> "timestamp";
        case LOCAL_DATE_TIME -> "local date-time";
        case LOCAL_DATE -> "date";
        case LOCAL_TIME -> "local time";
        case OFFSET_TIME -> "time with offset";
        case DECIMAL -> "decimal (string)";
        default -> scalar.name().toLowerCase(Locale.ROOT);
      };
      case Ref ref -> ref.name();
      case ListOf list -> (list.unique() ? "set<" : "list<") + typeName(list.items()) + ">";
      case MapOf map -> "map<" + typeName(map.key()) + ", " + typeName(map.value()) + ">";
      case Nullable nullable -> typeName(nullable.value()) + " | null";
      case Any any -> "any";
    };
  }

  /** The definitions {@code shape} uses, directly or through other definitions, in the order met. */
  private void collect(Shape shape, Set<String> uses) {
    switch (shape) {
      case Ref ref -> {
        if (uses.add(ref.name()) && contract.definitions().get(ref.name()) instanceof Struct struct) {
          struct.fields().forEach(field -> collect(field.shape(), uses));
        }
      }
      case ListOf list -> collect(list.items(), uses);
      case MapOf map -> {
        collect(map.key(), uses);
        collect(map.value(), uses);
      }
      case Nullable nullable -> collect(nullable.value(), uses);
      case Scalar scalar -> { }
      case Any any -> { }
    }
  }

  /**
   * A value that fits {@code shape}, as plain JSON values: every field of a record, two elements
   * per list (so that {@code divide [a, b]} gets a pair), the first value of an enum, one entry per
   * map (its key written as a string, as JSON has it: {@link JsonArguments} turns it back). A record met
   * again inside itself is {@code null}, and a list of it empty, so that recursive types end.
   */
  private Object example(Shape shape, Set<String> visiting) {
    return switch (shape) {
      case Scalar scalar -> switch (scalar) {
        case BOOLEAN -> true;
        case INT8, INT16, INT32, INT64, BIGINT -> 1;
        case FLOAT, DOUBLE -> 1.5;
        case CHAR -> "a";
        case STRING -> "text";
        case BYTES -> "aGVsbG8=";
        case INSTANT -> "2025-01-01T12:00:00Z";
        case LOCAL_DATE_TIME -> "2025-01-01T12:00:00";
        case LOCAL_DATE -> "2025-01-01";
        case LOCAL_TIME -> "12:00:00";
        case OFFSET_TIME -> "12:00:00Z";
        case UUID -> "123e4567-e89b-12d3-a456-426614174000";
        case DECIMAL -> "1.50";
        case NULL -> null;
      };
      case Ref ref -> {
        Definition definition = contract.definitions().get(ref.name());
        if (definition instanceof Enumeration enumeration) {
          yield enumeration.values().isEmpty() ? null : enumeration.values().get(0);
        }
        if (!(definition instanceof Struct struct) || !visiting.add(ref.name())) {
          yield null;
        }
        Map<String, Object> value = new LinkedHashMap<>();
        struct.fields().forEach(field -> value.put(field.name(), example(field.shape(), visiting)));
        visiting.remove(ref.name());
        yield value;
      }
      case ListOf list -> {
        if (list.items() instanceof Ref ref && visiting.contains(ref.name())) {
          yield List.of();
        }
        Object item = example(list.items(), visiting);
        yield list.unique() ? List.of(item) : java.util.Arrays.asList(item, item);
      }
      case MapOf map -> {
        Object key = example(map.key(), visiting);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(key instanceof String text ? text : String.valueOf(key), example(map.value(), visiting));
        yield value;
      }
      case Nullable nullable -> example(nullable.value(), visiting);
      case Any any -> null;
    };
  }
}
