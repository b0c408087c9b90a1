package io.zeroapi.cli.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.zeroapi.Rpc;
import io.zeroapi.codec.WireValue;
import io.zeroapi.internal.contract.Contract;
import io.zeroapi.internal.contract.Contract.Any;
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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.lang.model.element.Modifier;

/**
 * Writes a typed Java client for a server's {@link Contract}: a record per struct, an enum per
 * enumeration, and one interface whose methods ({@code @Rpc}, a blocking and an asynchronous form
 * per function) {@code ZeroClient.proxy} turns into calls.
 *
 * <p>The output depends only on the contract and the arguments: no clock, no map iteration order
 * other than the contract's own, so the same contract always gives the same bytes. Names follow
 * {@link JavaNames}; where two names would clash, the later one in contract order gets a suffix
 * ({@code _2}, {@code _3}, ...). Definitions keep the contract's names where they are identifiers;
 * a definition named like a type the generated code uses ({@code String}, {@code List}, ...) keeps
 * its name too, and those types are then written fully qualified.
 */
public final class JavaClientGenerator {

  /**
   * One generated source file.
   *
   * @param relativePath the path under the output directory, e.g. {@code com/acme/client/Order.java}
   * @param content the source text (UTF-8 when written)
   */
  public record GeneratedFile(String relativePath, String content) {}

  /** The suffix of the asynchronous form of a function's method. */
  static final String ASYNC_SUFFIX = "Async";

  private static final ClassName OPTIONAL = ClassName.get(Optional.class);
  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName SET = ClassName.get(Set.class);
  private static final ClassName MAP = ClassName.get(Map.class);
  private static final ClassName FUTURE = ClassName.get(CompletableFuture.class);
  private static final ClassName OBJECT = ClassName.get(Object.class);
  private static final ClassName STRING = ClassName.get(String.class);
  private static final ClassName VOID = ClassName.get(Void.class);

  private final Contract contract;
  private final String packageName;
  private final String interfaceName;
  private final String generatedBy;
  /** The Java name of each definition, by contract name, in contract order. */
  private final Map<String, String> typeNames = new LinkedHashMap<>();

  private JavaClientGenerator(Contract contract, String packageName, String interfaceName, String generatedBy) {
    this.contract = contract;
    this.packageName = packageName;
    this.interfaceName = interfaceName;
    this.generatedBy = generatedBy;
    Set<String> taken = new HashSet<>();
    taken.add(JavaNames.clashKey(interfaceName));
    for (String name : contract.definitions().keySet()) {
      String javaName = unique(JavaNames.typeName(name), taken, "_");
      typeNames.put(name, javaName);
    }
  }

  /**
   * Generates the client of {@code contract}.
   *
   * @param contract the server's contract
   * @param packageName the package of the generated types, e.g. {@code com.acme.client}
   * @param interfaceName the simple name of the generated interface, e.g. {@code OrderService}
   * @param generatedBy one sentence saying where and when the contract was read (it goes into every
   *     type's Javadoc, and is the only part of the output that may change between runs)
   * @return the files, sorted by path
   * @throws IllegalArgumentException if {@code packageName} is not a package name or {@code
   *     interfaceName} is not a type name
   */
  public static List<GeneratedFile> generate(Contract contract, String packageName, String interfaceName,
      String generatedBy) {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(generatedBy, "generatedBy");
    if (packageName == null || !JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException("`" + packageName + "` is not a Java package name (dot-separated identifiers, no keywords)");
    }
    if (interfaceName == null || !JavaNames.isTypeName(interfaceName)) {
      throw new IllegalArgumentException("`" + interfaceName + "` is not a Java type name");
    }
    return new JavaClientGenerator(contract, packageName, interfaceName, generatedBy).files();
  }

  private List<GeneratedFile> files() {
    List<TypeSpec> types = new ArrayList<>();
    for (Definition definition : contract.definitions().values()) {
      types.add(switch (definition) {
        case Struct struct -> record(struct);
        case Enumeration enumeration -> enumeration(enumeration);
      });
    }
    types.add(service());
    List<GeneratedFile> files = new ArrayList<>();
    for (TypeSpec type : types) {
      JavaFile file = JavaFile.builder(packageName, type)
          .addFileComment("Generated by Zero for Java (zero generate-client --lang java): do not edit.")
          .skipJavaLangImports(true)
          .indent("  ")
          .build();
      String path = packageName.replace('.', '/') + "/" + type.name() + ".java";
      files.add(new GeneratedFile(path, file.toString()));
    }
    files.sort(Comparator.comparing(GeneratedFile::relativePath));
    return List.copyOf(files);
  }

  // --- records ---------------------------------------------------------------------------------

  private TypeSpec record(Struct struct) {
    String name = typeNames.get(struct.name());
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("The record $L of the server's contract$L.\n", code(struct.name()), serverType(struct.javaType()))
        .add("\n<p>$L\n", doc(generatedBy));
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    Set<String> taken = new HashSet<>();
    List<String> params = new ArrayList<>();
    for (Field field : struct.fields()) {
      // Components differ by case (x and X are two wire names), so they clash only when equal.
      String component = JavaNames.componentName(field.name());
      String candidate = component;
      for (int i = 2; !taken.add(candidate); i++) {
        candidate = component + "_" + i;
      }
      component = candidate;
      TypeName type = field.required() ? type(field.shape(), false) : optional(field.shape());
      constructor.addParameter(type, component);
      StringBuilder text = new StringBuilder("the field ").append(code(field.name()));
      if (!field.required()) {
        text.append("; empty when absent");
      }
      appendAny(text, field.shape());
      if (!component.equals(field.name())) {
        text.append("; its wire name is not a Java name, and this record sends it as {@code ")
            .append(component).append("}, which the server does not know");
      }
      params.add("@param " + component + " " + text);
    }
    if (!params.isEmpty()) {
      doc.add("\n");
      params.forEach(p -> doc.add("$L\n", p));
    }
    return TypeSpec.recordBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .alwaysQualify(generatedNames())
        .addJavadoc(doc.build())
        .recordConstructor(constructor.build())
        .build();
  }

  /** The type of a field that may be absent: {@code Optional<T>}, unless nil is a value already. */
  private TypeName optional(Shape shape) {
    if (shape instanceof Nullable || shape instanceof Any || shape == Scalar.NULL) {
      return type(shape, true);
    }
    return ParameterizedTypeName.get(OPTIONAL, type(shape, true));
  }

  // --- enums -----------------------------------------------------------------------------------

  private TypeSpec enumeration(Enumeration enumeration) {
    String name = typeNames.get(enumeration.name());
    List<String> constants = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (String constant : enumeration.constants()) {
      // Enum constants differ by case in Java (RED and red are two), so clash only when equal.
      String javaName = JavaNames.constantName(constant);
      String candidate = javaName;
      for (int i = 2; !taken.add(candidate); i++) {
        candidate = javaName + "_" + i;
      }
      constants.add(candidate);
    }
    boolean byName = true;
    for (int i = 0; i < constants.size(); i++) {
      byName &= enumeration.values().get(i) instanceof String s && s.equals(constants.get(i));
    }
    TypeName valueType = byName ? null : wireValueType(enumeration.values());
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("The enum $L of the server's contract$L: on the wire, $L.\n", code(enumeration.name()),
            serverType(enumeration.javaType()),
            byName ? "the constants' names" : "the values of {@link #value()}")
        .add("\n<p>$L\n", doc(generatedBy));
    TypeSpec.Builder type = TypeSpec.enumBuilder(name).addModifiers(Modifier.PUBLIC).alwaysQualify(generatedNames()).addJavadoc(doc.build());
    for (int i = 0; i < constants.size(); i++) {
      Object value = enumeration.values().get(i);
      TypeSpec.Builder constant = byName
          ? TypeSpec.anonymousClassBuilder("")
          : TypeSpec.anonymousClassBuilder("$L", literal(value, valueType));
      constant.addJavadoc("The constant $L (on the wire: $L).\n", code(enumeration.constants().get(i)),
          code(describeValue(value)));
      type.addEnumConstant(constants.get(i), constant.build());
    }
    if (!byName) {
      // The field shares its namespace with the constants: value, unless a constant has that name.
      String field = "value";
      while (taken.contains(field)) {
        field += "_";
      }
      type.addField(FieldSpec.builder(valueType, field, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("The value on the wire.\n").build());
      type.addMethod(MethodSpec.constructorBuilder()
          .addJavadoc("A constant with its value on the wire.\n\n@param value the value on the wire\n")
          .addParameter(valueType, "value")
          .addStatement("this.$N = value", field)
          .build());
      type.addMethod(MethodSpec.methodBuilder("value")
          .addModifiers(Modifier.PUBLIC)
          .addAnnotation(WireValue.class)
          .addJavadoc("The value on the wire.\n\n@return the value this constant travels as\n")
          .returns(valueType)
          .addStatement("return $N", field)
          .build());
    }
    return type.build();
  }

  /** The type of an enum's wire values: the narrowest that holds them all. */
  private static TypeName wireValueType(List<Object> values) {
    if (values.stream().allMatch(v -> v instanceof String)) {
      return STRING;
    }
    if (values.stream().allMatch(v -> v instanceof Long)) {
      boolean fitsInt = values.stream().allMatch(v -> (Long) v == ((Long) v).intValue());
      return fitsInt ? TypeName.INT : TypeName.LONG;
    }
    if (values.stream().allMatch(v -> v instanceof Double)) {
      return TypeName.DOUBLE;
    }
    if (values.stream().allMatch(v -> v instanceof Boolean)) {
      return TypeName.BOOLEAN;
    }
    return OBJECT;
  }

  private static CodeBlock literal(Object value, TypeName type) {
    return switch (value) {
      case null -> CodeBlock.of("null");
      case String s -> CodeBlock.of("$S", s);
      case Long l -> CodeBlock.of(type.equals(TypeName.INT) ? "$L" : "$LL", l);
      case Double d when d.isNaN() -> CodeBlock.of("$T.NaN", Double.class);
      case Double d when d.isInfinite() -> CodeBlock.of(d > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
      case Double d -> CodeBlock.of("$L", d.toString());
      case Boolean b -> CodeBlock.of("$L", b);
      default -> CodeBlock.of("$S", String.valueOf(value));
    };
  }

  private static String describeValue(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  // --- the interface ---------------------------------------------------------------------------

  private TypeSpec service() {
    String server = contract.serverName() == null ? "the server"
        : "the server " + code(contract.serverName() + (contract.serverVersion() == null ? "" : " " + contract.serverVersion()));
    TypeSpec.Builder type = TypeSpec.interfaceBuilder(interfaceName)
        .addModifiers(Modifier.PUBLIC)
        .alwaysQualify(generatedNames())
        .addJavadoc(CodeBlock.builder()
            .add("The functions of $L: for each, a method that blocks for the result and one that returns a future.\n", server)
            .add("Make one with {@code zeroClient.proxy($L.class)}.\n", interfaceName)
            .add("\n<p>$L\n", doc(generatedBy))
            .build());
    Set<String> taken = new HashSet<>();
    for (Function function : contract.functions()) {
      String base = JavaNames.methodName(function.name());
      String method = base;
      for (int i = 2; taken.contains(method) || taken.contains(method + ASYNC_SUFFIX); i++) {
        method = base + "_" + i;
      }
      taken.add(method);
      taken.add(method + ASYNC_SUFFIX);
      type.addMethod(method(function, method, false));
      type.addMethod(method(function, method + ASYNC_SUFFIX, true));
    }
    return type.build();
  }

  private MethodSpec method(Function function, String name, boolean async) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
        .addAnnotation(AnnotationSpec.builder(Rpc.class).addMember("value", "$S", function.name()).build());
    CodeBlock.Builder doc = CodeBlock.builder()
        .add("Calls $L$L.\n", code(function.name()), async ? " without blocking" : ", blocking until it returns");
    if (function.async()) {
      doc.add("The server completes it asynchronously.\n");
    }
    boolean tags = false;
    Shape argument = function.argument();
    if (argument != null && argument != Scalar.NULL) {
      String parameter = JavaNames.parameterName(function.parameter() == null ? "argument" : function.parameter());
      method.addParameter(ParameterSpec.builder(type(argument, false), parameter).build());
      StringBuilder text = new StringBuilder("the argument");
      appendAny(text, argument);
      doc.add("\n@param $L $L\n", parameter, text);
      tags = true;
    }
    Shape result = function.result();
    StringBuilder text = new StringBuilder();
    appendAny(text, result);
    String separator = tags ? "" : "\n";
    if (async) {
      method.returns(ParameterizedTypeName.get(FUTURE, result == Scalar.NULL ? VOID : type(result, true)));
      doc.add(separator + "@return a future of the result$L\n", result == Scalar.NULL ? " (null when the function has run)" : text);
    } else if (result == Scalar.NULL) {
      method.returns(TypeName.VOID);
    } else {
      method.returns(type(result, false)); // a primitive where it can be: the proxy takes int and Future<Integer> as one type
      doc.add(separator + "@return the result$L\n", text);
    }
    return method.addJavadoc(doc.build()).build();
  }

  // --- types -----------------------------------------------------------------------------------

  /** The Java type of {@code shape}; {@code boxed} inside generics (and for nothing else). */
  private TypeName type(Shape shape, boolean boxed) {
    return switch (shape) {
      case Scalar scalar -> scalar(scalar, boxed);
      case Ref ref -> ClassName.get(packageName, typeNames.get(ref.name()));
      case ListOf list -> ParameterizedTypeName.get(list.unique() ? SET : LIST, type(list.items(), true));
      case MapOf map -> ParameterizedTypeName.get(MAP, type(map.key(), true), type(map.value(), true));
      case Nullable nullable -> {
        Shape value = nullable.value();
        while (value instanceof Nullable inner) {
          value = inner.value();
        }
        yield value instanceof Any || value == Scalar.NULL ? type(value, true)
            : ParameterizedTypeName.get(OPTIONAL, type(value, true));
      }
      case Any any -> OBJECT;
    };
  }

  private static TypeName scalar(Scalar scalar, boolean boxed) {
    TypeName type = switch (scalar) {
      case BOOLEAN -> TypeName.BOOLEAN;
      case INT8 -> TypeName.BYTE;
      case INT16 -> TypeName.SHORT;
      case INT32 -> TypeName.INT;
      case INT64 -> TypeName.LONG;
      case FLOAT -> TypeName.FLOAT;
      case DOUBLE -> TypeName.DOUBLE;
      case CHAR -> TypeName.CHAR;
      case BIGINT -> ClassName.get(BigInteger.class);
      case STRING -> STRING;
      case BYTES -> ArrayTypeName.of(TypeName.BYTE);
      case INSTANT -> ClassName.get(Instant.class);
      case LOCAL_DATE_TIME -> ClassName.get(LocalDateTime.class);
      case LOCAL_DATE -> ClassName.get(LocalDate.class);
      case LOCAL_TIME -> ClassName.get(LocalTime.class);
      case OFFSET_TIME -> ClassName.get(OffsetTime.class);
      case UUID -> ClassName.get(UUID.class);
      case DECIMAL -> ClassName.get(BigDecimal.class);
      case NULL -> VOID;
    };
    return boxed ? type.box() : type;
  }

  /** Appends {@code "; any: <reason>"} for each distinct "any" inside {@code shape} (not through definitions). */
  private static void appendAny(StringBuilder text, Shape shape) {
    Set<String> reasons = new LinkedHashSet<>();
    collectAny(shape, reasons);
    for (String reason : reasons) {
      text.append("; any: ").append(doc(reason));
    }
  }

  private static void collectAny(Shape shape, Set<String> reasons) {
    switch (shape) {
      case Any any -> reasons.add(any.reason());
      case ListOf list -> collectAny(list.items(), reasons);
      case MapOf map -> {
        collectAny(map.key(), reasons);
        collectAny(map.value(), reasons);
      }
      case Nullable nullable -> collectAny(nullable.value(), reasons);
      case Scalar scalar -> {}
      case Ref ref -> {}
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /**
   * Every generated type's name: written qualified wherever it would be imported, so that a
   * definition named {@code String} or {@code List} does not hide {@code java.lang.String} or
   * {@code java.util.List} (those are then written with their packages).
   */
  private String[] generatedNames() {
    Set<String> names = new LinkedHashSet<>(typeNames.values());
    names.add(interfaceName);
    return names.toArray(String[]::new);
  }

  private static String serverType(String javaType) {
    return javaType == null ? "" : " (on the server: " + code(javaType) + ")";
  }

  /** {@code name}, or {@code name<sep>2}, {@code name<sep>3}... : the first whose clash key is not taken (which it then takes). */
  private static String unique(String name, Set<String> taken, String separator) {
    String candidate = name;
    for (int i = 2; !taken.add(JavaNames.clashKey(candidate)); i++) {
      candidate = name + separator + i;
    }
    return candidate;
  }

  /** {@code text} as code in Javadoc: {@code <code>} (not {@code {@code}}, in which braces must balance and entities do not work). */
  static String code(String text) {
    return "<code>" + doc(text) + "</code>";
  }

  /**
   * {@code text} safe inside a Javadoc comment: HTML special characters, {@code @} (tags), {@code
   * *}{@code /} (the comment's end) and backslashes (unicode escapes, which javac reads before
   * comments) as character references.
   */
  static String doc(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '@' -> out.append("&#64;");
        case '\\' -> out.append("&#92;");
        case '/' -> out.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
        case '{', '}' -> out.append(c == '{' ? "&#123;" : "&#125;");
        case '\r', '\n' -> out.append(' ');
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
