package io.zeroapi.internal.contract;

import io.zeroapi.internal.contract.Contract.Definition;
import io.zeroapi.internal.contract.Contract.Enumeration;
import io.zeroapi.internal.contract.Contract.Field;
import io.zeroapi.internal.contract.Contract.Function;
import io.zeroapi.internal.contract.Contract.ListOf;
import io.zeroapi.internal.contract.Contract.MapOf;
import io.zeroapi.internal.contract.Contract.Nullable;
import io.zeroapi.internal.contract.Contract.Ref;
import io.zeroapi.internal.contract.Contract.Scalar;
import io.zeroapi.internal.contract.Contract.Shape;
import io.zeroapi.internal.contract.Contract.Struct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Python client that the original's generator ({@code python -m zero.generate_client}) would
 * write for a server with this {@link Contract}: the answer to the original's {@code
 * get_rpc_contract} request, and zero-cli's {@code generate-client --lang python}.
 *
 * <p>The layout is the original's, line for line (zero-python-spec.md §4.2): two header comments,
 * the import block, the client import, the {@code zero_client} line, the model classes (each
 * followed by two blank lines), then {@code class RpcClient} with one method per function in the
 * contract's order. Records and POJOs are {@code msgspec.Struct} classes, enums {@code enum.Enum}
 * ({@code enum.IntEnum} when every wire value is an integer). Models come dependency-first; a
 * class referred to before it is defined (recursion) is a string forward reference, which msgspec
 * resolves. Names that are not Python identifiers, or would shadow one the file uses, are made
 * valid and keep their wire name ({@code msgspec.field(name=...)}; a method keeps calling the
 * function's real name). An "any" type is {@code Any}, with a {@code # any: <reason>} comment on
 * each line that uses it.
 *
 * <p>The work is linear in the size of the contract. Stateless and thread-safe.
 */
public final class PythonClientSource {
  private PythonClientSource() {}

  private static final Set<String> KEYWORDS = Set.of(
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
      "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

  /**
   * Names the file binds or uses in annotations at module level: a class may not take one, and a
   * parameter or a field with a default (bound in the class body before later annotations are
   * evaluated) may not shadow one.
   */
  private static final Set<String> MODULE_NAMES = Set.of(
      "Any", "Dict", "List", "Optional", "Set", "datetime", "date", "time", "uuid", "decimal", "enum", "msgspec",
      "bool", "int", "float", "str", "bytes", "ZeroClient", "AsyncZeroClient", "AsyncTCPClient", "zero_client",
      "RpcClient");

  /**
   * Writes the Python client source.
   *
   * @param contract the server's contract
   * @param host the host the generated client connects to (the caller's, not the server's bind address)
   * @param port the port it connects to
   * @param protocol {@code "zmq"} or {@code "tcp"} (TCP is always async, like the original)
   * @param async whether the client is async ({@code AsyncZeroClient}, {@code async def}); ignored for TCP
   * @return the source of {@code rpc_client.py}, UTF-8 text ending with a line break
   * @throws IllegalArgumentException if the protocol is neither {@code "zmq"} nor {@code "tcp"}
   */
  public static String generate(Contract contract, String host, int port, String protocol, boolean async) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(host, "host");
    if (!"zmq".equals(protocol) && !"tcp".equals(protocol)) {
      throw new IllegalArgumentException("the protocol must be \"zmq\" or \"tcp\", not " + protocol);
    }
    return new Writer(contract).write(host, port, "tcp".equals(protocol), async || "tcp".equals(protocol));
  }

  /** One generation: the names given, the classes written, the imports the types need. */
  private static final class Writer {
    private final Contract contract;
    private final Map<String, String> classNames = new HashMap<>();
    private final Set<String> emitted = new HashSet<>();
    private final Set<String> visiting = new HashSet<>();
    private final StringBuilder models = new StringBuilder();
    private final Set<String> typing = new TreeSet<>();
    private final Set<String> datetimes = new TreeSet<>();
    private boolean usesUuid;
    private boolean usesDecimal;
    private boolean usesMsgspec;

    Writer(Contract contract) {
      this.contract = contract;
      Set<String> taken = new HashSet<>(MODULE_NAMES);
      for (Definition definition : contract.definitions().values()) {
        String name = identifier(definition.name());
        name = unique(MODULE_NAMES.contains(name) ? name + "_" : name, taken);
        taken.add(name);
        classNames.put(definition.name(), name);
      }
    }

    String write(String host, int port, boolean tcp, boolean async) {
      // models: from all arguments in order, then all results, like the original
      for (Function function : contract.functions()) {
        if (function.argument() != null) {
          reach(function.argument());
        }
      }
      for (Function function : contract.functions()) {
        reach(function.result());
      }
      String client = async ? "AsyncZeroClient" : "ZeroClient";
      StringBuilder rpc = new StringBuilder();
      rpc.append("\nclass RpcClient:\n");
      rpc.append("    def __init__(self, zero_client: ").append(client).append("):\n");
      rpc.append("        self._zero_client = zero_client\n");
      Set<String> methods = new HashSet<>(Set.of("__init__", "_zero_client"));
      for (Function function : contract.functions()) {
        String method = methodName(function.name());
        method = unique(method, methods);
        methods.add(method);
        Set<String> reasons = new LinkedHashSet<>();
        String result = type(function.result(), reasons);
        Set<String> defReasons = new LinkedHashSet<>(reasons);
        String parameter = null;
        if (function.argument() != null) {
          parameter = parameterName(function.parameter());
          defReasons.clear();
          String argumentType = type(function.argument(), defReasons);
          defReasons.addAll(reasons);
          rpc.append("\n    ").append(async ? "async def " : "def ").append(method).append("(self, ").append(parameter)
              .append(": ").append(argumentType).append(") -> ").append(result).append(':');
        } else {
          rpc.append("\n    ").append(async ? "async def " : "def ").append(method).append("(self) -> ").append(result)
              .append(':');
        }
        rpc.append(comment(defReasons)).append('\n');
        rpc.append("        return ").append(async ? "await " : "").append("self._zero_client.call(")
            .append(string(function.name())).append(", ").append(parameter == null ? "None" : parameter)
            .append(", return_type=").append(result).append(')').append(comment(reasons)).append('\n');
      }
      StringBuilder out = new StringBuilder();
      out.append("# Generated by Zero\n");
      out.append("# import types as per needed, modify as per your project structure\n");
      out.append(imports()).append('\n');
      out.append('\n');
      if (tcp) {
        out.append("from zero import AsyncZeroClient\nfrom zero.protocols.tcp import AsyncTCPClient\n\n\n");
        out.append("zero_client = AsyncZeroClient(").append(string(host)).append(", ").append(port)
            .append(", protocol=AsyncTCPClient)\n\n\n");
      } else {
        out.append("from zero import ").append(client).append("\n\n\n");
        out.append("zero_client = ").append(client).append('(').append(string(host)).append(", ").append(port)
            .append(")\n\n");
      }
      out.append(models);
      out.append(rpc);
      return out.toString();
    }

    private String imports() {
      List<String> lines = new ArrayList<>();
      if (!datetimes.isEmpty()) {
        lines.add("from datetime import " + String.join(", ", datetimes));
      }
      if (usesDecimal) {
        lines.add("import decimal");
      }
      lines.add("import enum");
      if (usesMsgspec) {
        lines.add("import msgspec");
      }
      if (!typing.isEmpty()) {
        lines.add("from typing import " + String.join(", ", typing));
      }
      if (usesUuid) {
        lines.add("import uuid");
      }
      return String.join("\n", lines);
    }

    // --- models -------------------------------------------------------------------------------

    /** Writes the classes a shape refers to, dependencies first. */
    private void reach(Shape shape) {
      switch (shape) {
        case Ref ref -> visit(contract.definitions().get(ref.name()));
        case ListOf list -> reach(list.items());
        case MapOf map -> {
          reach(map.key());
          reach(map.value());
        }
        case Nullable nullable -> reach(nullable.value());
        default -> {}
      }
    }

    private void visit(Definition definition) {
      String name = definition.name();
      if (emitted.contains(name) || !visiting.add(name)) {
        return;
      }
      switch (definition) {
        case Struct struct -> {
          for (Field field : struct.fields()) {
            reach(field.shape());
          }
          writeStruct(struct);
        }
        case Enumeration enumeration -> {
          if (enumKind(enumeration) != null) {
            writeEnum(enumeration);
          }
        }
      }
      visiting.remove(name);
      emitted.add(name);
    }

    private void writeStruct(Struct struct) {
      usesMsgspec = true;
      boolean anyOptional = false;
      boolean kwOnly = false;
      for (Field field : struct.fields()) {
        if (!field.required()) {
          anyOptional = true;
        } else if (anyOptional) {
          kwOnly = true;
        }
      }
      StringBuilder c = new StringBuilder();
      c.append("class ").append(classNames.get(struct.name())).append("(msgspec.Struct")
          .append(kwOnly ? ", kw_only=True" : "").append(anyOptional ? ", omit_defaults=True" : "").append("):\n");
      if (struct.fields().isEmpty()) {
        c.append("    pass\n");
      }
      Set<String> names = new HashSet<>();
      Set<String> shadowed = new HashSet<>(MODULE_NAMES);
      shadowed.addAll(classNames.values());
      for (Field field : struct.fields()) {
        String name = identifier(field.name());
        if (!field.required() && shadowed.contains(name)) {
          name = name + "_"; // bound in the class body, it would shadow the type in later annotations
        }
        name = unique(name, names);
        names.add(name);
        Set<String> reasons = new LinkedHashSet<>();
        String type = type(field.shape(), reasons);
        c.append("    ").append(name).append(": ");
        boolean renamed = !name.equals(field.name());
        if (field.required()) {
          c.append(type);
          if (renamed) {
            c.append(" = msgspec.field(name=").append(string(field.name())).append(')');
          }
        } else {
          c.append(optional(type));
          if (renamed) {
            c.append(" = msgspec.field(default=None, name=").append(string(field.name())).append(')');
          } else {
            c.append(" = None");
          }
        }
        c.append(comment(reasons)).append('\n');
      }
      models.append(c).append("\n\n");
    }

    private void writeEnum(Enumeration enumeration) {
      boolean integers = enumKind(enumeration) == Scalar.INT64;
      StringBuilder c = new StringBuilder();
      c.append("class ").append(classNames.get(enumeration.name())).append(integers ? "(enum.IntEnum):\n" : "(enum.Enum):\n");
      if (enumeration.constants().isEmpty()) {
        c.append("    pass\n");
      }
      Set<String> names = new HashSet<>(Set.of("mro")); // not a member name
      for (int i = 0; i < enumeration.constants().size(); i++) {
        String name = identifier(enumeration.constants().get(i));
        if (name.startsWith("_")) {
          name = "V" + name; // _sunder_ and __dunder__ names are not members
        }
        name = unique(name, names);
        names.add(name);
        Object value = enumeration.values().get(i);
        c.append("    ").append(name).append(" = ")
            .append(value instanceof String s ? string(s) : String.valueOf(value)).append('\n');
      }
      models.append(c).append("\n\n");
    }

    /** {@link Scalar#INT64} or {@link Scalar#STRING} when msgspec can hold the values in an enum, else null. */
    private static Scalar enumKind(Enumeration enumeration) {
      boolean allStrings = true;
      boolean allIntegers = true;
      for (Object value : enumeration.values()) {
        allStrings &= value instanceof String;
        allIntegers &= value instanceof Long || value instanceof Integer;
      }
      if (allIntegers && !enumeration.values().isEmpty()) {
        return Scalar.INT64;
      }
      return allStrings ? Scalar.STRING : null;
    }

    // --- types --------------------------------------------------------------------------------

    /** The annotation of a shape; the reasons of the "any" types it uses are added to {@code reasons}. */
    private String type(Shape shape, Set<String> reasons) {
      return switch (shape) {
        case Scalar scalar -> scalar(scalar);
        case Ref ref -> reference(ref, reasons);
        case ListOf list -> {
          String items = type(list.items(), reasons);
          boolean set = list.unique() && hashable(list.items());
          typing.add(set ? "Set" : "List");
          yield (set ? "Set[" : "List[") + items + "]";
        }
        case MapOf map -> {
          String key = type(map.key(), reasons);
          String value = type(map.value(), reasons);
          typing.add("Dict");
          yield "Dict[" + key + ", " + value + "]";
        }
        case Nullable nullable -> {
          String value = type(nullable.value(), reasons);
          yield optional(value);
        }
        case Contract.Any any -> {
          reasons.add(any.reason() == null || any.reason().isBlank() ? "any MessagePack value" : any.reason());
          typing.add("Any");
          yield "Any";
        }
      };
    }

    private String optional(String type) {
      if (type.equals("None") || type.startsWith("Optional[") || type.equals("Any")) {
        return type;
      }
      typing.add("Optional");
      return "Optional[" + type + "]";
    }

    private String reference(Ref ref, Set<String> reasons) {
      Definition definition = contract.definitions().get(ref.name());
      if (definition instanceof Enumeration enumeration && enumKind(enumeration) == null) {
        reasons.add("`" + ref.name() + "` is an enum of values " + enumeration.values()
            + ", which a Python enum decoded by msgspec cannot hold (all str or all int only)");
        typing.add("Any");
        return "Any";
      }
      String name = classNames.get(ref.name());
      // not written yet (recursion): a forward reference, resolved by msgspec once the class exists
      return emitted.contains(ref.name()) ? name : "\"" + name + "\"";
    }

    private String scalar(Scalar scalar) {
      return switch (scalar) {
        case BOOLEAN -> "bool";
        case INT8, INT16, INT32, INT64, BIGINT -> "int";
        case FLOAT, DOUBLE -> "float";
        case CHAR, STRING -> "str";
        case BYTES -> "bytes";
        case INSTANT, LOCAL_DATE_TIME -> {
          datetimes.add("datetime");
          yield "datetime";
        }
        case LOCAL_DATE -> {
          datetimes.add("date");
          yield "date";
        }
        case LOCAL_TIME, OFFSET_TIME -> {
          datetimes.add("time");
          yield "time";
        }
        case UUID -> {
          usesUuid = true;
          yield "uuid.UUID";
        }
        case DECIMAL -> {
          usesDecimal = true;
          yield "decimal.Decimal";
        }
        case NULL -> "None";
      };
    }

    /** Whether a Python value of the shape can be a set element (a Struct, a list or a dict cannot). */
    private boolean hashable(Shape shape) {
      return switch (shape) {
        case Scalar scalar -> true;
        case Nullable nullable -> hashable(nullable.value());
        case Ref ref -> contract.definitions().get(ref.name()) instanceof Enumeration e && enumKind(e) != null;
        default -> false;
      };
    }

    // --- names --------------------------------------------------------------------------------

    private static String methodName(String functionName) {
      String name = identifier(functionName);
      return name.startsWith("__") ? "rpc" + name : name; // a __name would be mangled inside the class
    }

    private String parameterName(String parameter) {
      String name = identifier(parameter == null ? "msg" : parameter);
      // a parameter named like a type would stand for it in `return_type=`
      while (name.equals("self") || MODULE_NAMES.contains(name) || classNames.containsValue(name)) {
        name = name + "_";
      }
      return name;
    }
  }

  /** A Python identifier for a name: other characters become {@code _}, a keyword gets a trailing {@code _}. */
  static String identifier(String name) {
    StringBuilder b = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      b.append(ok ? c : '_');
    }
    if (b.isEmpty() || Character.isDigit(b.charAt(0))) {
      b.insert(0, '_');
    }
    String result = b.toString();
    return KEYWORDS.contains(result) ? result + "_" : result;
  }

  /** {@code name}, or {@code name_2}, {@code name_3}... the first not in {@code taken}. */
  private static String unique(String name, Set<String> taken) {
    if (!taken.contains(name)) {
      return name;
    }
    for (int i = 2; ; i++) {
      String candidate = name + "_" + i;
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }

  /** A double-quoted Python string literal. */
  static String string(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
              b.append(c).append(value.charAt(++i));
            } else {
              b.append(String.format("\\u%04x", (int) c)); // a lone surrogate cannot be written as UTF-8
            }
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code "  # any: <reasons>"} on one line, or nothing. */
  private static String comment(Set<String> reasons) {
    if (reasons.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("  # any: ");
    String text = String.join("; ", reasons);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        b.append(c).append(text.charAt(++i));
      } else {
        b.append(c < 0x20 || c == 0x7f ? ' ' : Character.isSurrogate(c) ? '?' : c);
      }
    }
    return b.toString();
  }
}
