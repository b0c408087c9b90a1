package io.zeroapi.cli.codegen;

import static io.zeroapi.testing.ContractDocuments.function;
import static io.zeroapi.testing.ContractDocuments.map;
import static io.zeroapi.testing.ContractDocuments.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.Rpc;
import io.zeroapi.ZeroClient;
import io.zeroapi.cli.codegen.JavaClientGenerator.GeneratedFile;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.contract.Contract;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator on a contract made to be awkward: function, type, field and constant names that
 * are keywords, invalid, clash with each other or with the types the generated code uses; enums of
 * every kind of wire value. The output must compile with {@code -Xdoclint:all -Werror}, load, and
 * be accepted by {@code ZeroClient.proxy}; the names must be the documented ones.
 */
class JavaClientGeneratorTest {
  private static final String PACKAGE = "com.acme.awkward";
  private static final MsgpackCodec CODEC = MsgpackCodec.create();

  private static List<GeneratedFile> files;
  private static ClassLoader loader;

  private static Map<String, Object> type(String type, Object... more) {
    Map<String, Object> schema = map(more);
    Map<String, Object> result = map("type", type);
    result.putAll(schema);
    return result;
  }

  private static Map<String, Object> struct(Map<String, Object> properties, List<String> required) {
    return map("type", "object", "properties", properties, "required", required);
  }

  /** The awkward contract, as a document (what {@code zero.contract} answers). */
  static Contract awkward() {
    Map<String, Object> string = type("string");
    Map<String, Object> definitions = new LinkedHashMap<>();
    definitions.put("String", struct(map("value", string), List.of("value")));
    definitions.put("List", struct(map("items", type("array", "items", string)), List.of("items")));
    definitions.put("Optional", struct(map("maybe", map("anyOf", List.of(string, type("null")))), List.of()));
    definitions.put("Rpc", struct(map("name", string), List.of("name")));
    definitions.put("Api", struct(map(), List.of())); // the interface's name: this one is Api_2
    definitions.put("record", struct(map(), List.of()));
    definitions.put("a-b", struct(map(), List.of()));
    definitions.put("a_b", struct(map(), List.of())); // a_b_2
    definitions.put("Foo", struct(map(), List.of()));
    definitions.put("foo", struct(map(), List.of())); // foo_2: Foo.java and foo.java clash on some file systems
    definitions.put("Fields", struct(map(
        "class", string,
        "hashCode", type("integer", "format", "int32"),
        "x-y", string,
        "x_y", string,
        "nothing", type("null"),
        "anything", map("x-zero-any", true, "description", "declared as Object"),
        "maybe_any", map("anyOf", List.of(map("x-zero-any", true, "description", "a wildcard"), type("null"))),
        "twice", map("anyOf", List.of(map("anyOf", List.of(string, type("null"))), type("null"))),
        "blobs", type("array", "items", type("string", "contentEncoding", "base64", "x-zero-wire", "bin")),
        "by_color", type("object", "additionalProperties", type("integer", "format", "int64"), "x-zero-key", ref("Shade")),
        "by_number", type("object", "additionalProperties", string, "x-zero-key", type("integer", "format", "int16")),
        "optional_int", type("integer", "format", "int32"),
        "letter", type("string", "minLength", 1, "maxLength", 1),
        "Letter", string), // differs by case only: a second component
        List.of("class", "hashCode", "x-y", "x_y", "nothing", "anything", "maybe_any", "twice", "blobs", "by_color", "by_number",
            "letter", "Letter")));
    definitions.put("Shade", map("type", "string", "enum", List.of("dark red", "default", "dark_red", "ok")));
    definitions.put("Named", map("type", "string", "enum", List.of("r", "g"), "x-zero-enum-names", List.of("RED", "value")));
    definitions.put("Ratio", map("type", "number", "enum", List.of(0.5, 1e300, Double.NaN, Double.NEGATIVE_INFINITY),
        "x-zero-enum-names", List.of("HALF", "HUGE", "NAN", "MINUS_INFINITY")));
    definitions.put("Big", map("type", "integer", "enum", List.of(1L, 5_000_000_000L), "x-zero-enum-names", List.of("ONE", "MANY")));
    definitions.put("Flag", map("type", "boolean", "enum", List.of(true, false), "x-zero-enum-names", List.of("YES", "NO")));
    definitions.put("Mixed", map("enum", List.of(1L, "two", true), "x-zero-enum-names", List.of("ONE", "TWO", "THREE")));

    List<Object> functions = new ArrayList<>();
    functions.add(function("hello_world", null, null, string));
    functions.add(function("helloWorld", null, null, string)); // helloWorld_2
    functions.add(function("foo", "user_id", type("integer", "format", "int64"), type("integer", "format", "int32")));
    functions.add(function("foo_async", null, null, type("null"))); // fooAsync is taken by foo's async form: fooAsync_2
    functions.add(function("class", "default", ref("String"), ref("List")));
    functions.add(function("to_string", null, null, string));
    functions.add(function("2fa", null, ref("Optional"), ref("Rpc")));
    functions.add(function("wait", null, ref("Fields"), ref("Fields")));
    functions.add(function("shades", null, type("array", "items", ref("Shade"), "uniqueItems", true),
        type("object", "additionalProperties", ref("Mixed"))));
    functions.add(function("all_enums", null, null, type("array", "items", map("anyOf", List.of(ref("Named"), type("null"))))));
    functions.add(function("numbers", null, ref("Ratio"), ref("Big")));
    functions.add(function("flags", null, ref("Flag"), ref("Api")));
    functions.add(function("odd */ name @param <b>", null, ref("record"), ref("a-b")));
    functions.add(function("more", null, ref("a_b"), ref("foo")));
    functions.add(function("foo_bar", null, ref("Foo"), map("x-zero-any", true, "description", "not declared")));
    Map<String, Object> document = map("zero_contract", "1.0", "server", map("name", "zero-java", "version", "9.9"),
        "protocol", "tcp", "functions", functions, "definitions", definitions);
    return Contract.parse(document);
  }

  @BeforeAll
  static void generateAndCompile() throws Exception {
    files = JavaClientGenerator.generate(awkward(), PACKAGE, "Api", "Generated for a test.");
    loader = AbstractGeneratedJavaClientTest.compile(files);
  }

  private static Class<?> load(String simpleName) throws ClassNotFoundException {
    return loader.loadClass(PACKAGE + "." + simpleName);
  }

  @Test
  void typeNamesAreUniqueIgnoringCaseAndAvoidTheInterfaceAndRestrictedNames() {
    assertThat(files).extracting(GeneratedFile::relativePath).containsExactly(
        "com/acme/awkward/Api.java", "com/acme/awkward/Api_2.java", "com/acme/awkward/Big.java",
        "com/acme/awkward/Fields.java", "com/acme/awkward/Flag.java", "com/acme/awkward/Foo.java",
        "com/acme/awkward/List.java", "com/acme/awkward/Mixed.java", "com/acme/awkward/Named.java",
        "com/acme/awkward/Optional.java", "com/acme/awkward/Ratio.java", "com/acme/awkward/Rpc.java",
        "com/acme/awkward/Shade.java", "com/acme/awkward/String.java", "com/acme/awkward/a_b.java",
        "com/acme/awkward/a_b_2.java", "com/acme/awkward/foo_2.java", "com/acme/awkward/record_.java");
  }

  @Test
  void typesNamedLikeJavaTypesDoNotHideThem() throws Exception {
    // String's component is a java.lang.String; List's is a java.util.List of them; the interface
    // uses the generated Rpc type and still annotates with io.zeroapi.Rpc.
    assertThat(load("String").getRecordComponents()[0].getType()).isEqualTo(String.class);
    assertThat(load("List").getRecordComponents()[0].getType()).isEqualTo(List.class);
    assertThat(load("Optional").getRecordComponents()[0].getType()).isEqualTo(Optional.class);
    assertThat(method("_2fa").getReturnType()).isEqualTo(load("Rpc"));
    assertThat(method("_2fa").getAnnotation(Rpc.class).value()).isEqualTo("2fa");
  }

  @Test
  void methodNamesAreUniqueAndKeepTheFunctionNameInRpc() throws Exception {
    Map<String, String> rpcByMethod = new LinkedHashMap<>();
    for (Method m : load("Api").getDeclaredMethods()) {
      rpcByMethod.put(m.getName(), m.getAnnotation(Rpc.class).value());
    }
    assertThat(rpcByMethod).containsEntry("helloWorld", "hello_world").containsEntry("helloWorldAsync", "hello_world")
        .containsEntry("helloWorld_2", "helloWorld").containsEntry("helloWorld_2Async", "helloWorld")
        .containsEntry("foo", "foo").containsEntry("fooAsync", "foo")
        .containsEntry("fooAsync_2", "foo_async").containsEntry("fooAsync_2Async", "foo_async")
        .containsEntry("class_", "class").containsEntry("toString_", "to_string").containsEntry("wait_", "wait")
        .containsEntry("oddNameParamB", "odd */ name @param <b>").containsEntry("fooBar", "foo_bar")
        .hasSize(30);
  }

  @Test
  void parametersAndResults() throws Exception {
    Method foo = method("foo");
    assertThat(foo.getParameters()[0].getType()).isEqualTo(long.class);
    assertThat(foo.getReturnType()).isEqualTo(int.class); // a primitive; its async form holds an Integer
    assertThat(method("fooAsync").getGenericReturnType().getTypeName())
        .isEqualTo("java.util.concurrent.CompletableFuture<java.lang.Integer>");
    assertThat(method("fooAsync_2").getReturnType()).isEqualTo(void.class);
    assertThat(method("fooAsync_2Async").getGenericReturnType().getTypeName())
        .isEqualTo("java.util.concurrent.CompletableFuture<java.lang.Void>");
    assertThat(method("fooBar").getReturnType()).isEqualTo(Object.class);
    assertThat(method("shades").getGenericParameterTypes()[0].getTypeName()).isEqualTo("java.util.Set<com.acme.awkward.Shade>");
    assertThat(method("shades").getGenericReturnType().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, com.acme.awkward.Mixed>");
    assertThat(method("allEnums").getGenericReturnType().getTypeName())
        .isEqualTo("java.util.List<java.util.Optional<com.acme.awkward.Named>>");
    String api = source("Api");
    assertThat(api).contains("@param userId the argument\n", "@param default_ the argument\n",
        "@return the result; any: not declared\n", "<code>odd *&#47; name &#64;param &lt;b&gt;</code>");
  }

  @Test
  void recordComponents() throws Exception {
    Map<String, String> components = new LinkedHashMap<>();
    for (RecordComponent c : load("Fields").getRecordComponents()) {
      components.put(c.getName(), c.getGenericType().getTypeName());
    }
    assertThat(components).containsExactly(
        Map.entry("class_", "java.lang.String"),
        Map.entry("hashCode_", "int"),
        Map.entry("x_y", "java.lang.String"),
        Map.entry("x_y_2", "java.lang.String"),
        Map.entry("nothing", "java.lang.Void"),
        Map.entry("anything", "java.lang.Object"),
        Map.entry("maybe_any", "java.lang.Object"),
        Map.entry("twice", "java.util.Optional<java.lang.String>"),
        Map.entry("blobs", "java.util.List<byte[]>"),
        Map.entry("by_color", "java.util.Map<com.acme.awkward.Shade, java.lang.Long>"),
        Map.entry("by_number", "java.util.Map<java.lang.Short, java.lang.String>"),
        Map.entry("optional_int", "java.util.Optional<java.lang.Integer>"),
        Map.entry("letter", "char"),
        Map.entry("Letter", "java.lang.String"));
    assertThat(source("Fields")).contains("@param anything the field <code>anything</code>; any: declared as Object\n",
        "@param optional_int the field <code>optional_int</code>; empty when absent\n",
        "@param class_ the field <code>class</code>; its wire name is not a Java name");
  }

  @Test
  void enumsTravelAsTheirWireValues() throws Exception {
    assertThat(wire("Shade")).containsExactly(
        Map.entry("dark_red", "dark red"), Map.entry("default_", "default"), Map.entry("dark_red_2", "dark_red"),
        Map.entry("ok", "ok"));
    // A constant named value: the field that holds the wire value is value_ then.
    assertThat(wire("Named")).containsExactly(Map.entry("RED", "r"), Map.entry("value", "g"));
    assertThat(load("Named").getDeclaredField("value_").getType()).isEqualTo(String.class);
    assertThat(wire("Ratio")).containsExactly(Map.entry("HALF", 0.5), Map.entry("HUGE", 1e300), Map.entry("NAN", Double.NaN),
        Map.entry("MINUS_INFINITY", Double.NEGATIVE_INFINITY));
    assertThat(wire("Big")).containsExactly(Map.entry("ONE", 1L), Map.entry("MANY", 5_000_000_000L));
    assertThat(wire("Flag")).containsExactly(Map.entry("YES", true), Map.entry("NO", false));
    assertThat(wire("Mixed")).containsExactly(Map.entry("ONE", 1L), Map.entry("TWO", "two"), Map.entry("THREE", true));
    assertThat(load("Big").getMethod("value").getReturnType()).isEqualTo(long.class);
    assertThat(load("Ratio").getMethod("value").getReturnType()).isEqualTo(double.class);
    assertThat(load("Mixed").getMethod("value").getReturnType()).isEqualTo(Object.class);
  }

  @Test
  void anEnumWhoseWireValuesAreItsJavaNamesHasNoWireValueMethod() throws Exception {
    assertThat(Arrays.stream(load("Named").getDeclaredMethods()).map(Method::getName)).contains("value");
    Contract plain = Contract.parse(map("zero_contract", "1.0", "functions", List.of(),
        "definitions", map("Color", map("type", "string", "enum", List.of("RED", "GREEN")))));
    String color = JavaClientGenerator.generate(plain, "p", "Api", "x").stream()
        .filter(f -> f.relativePath().equals("p/Color.java")).findFirst().orElseThrow().content();
    assertThat(color).contains("  RED,\n", "  GREEN\n").doesNotContain("WireValue", "value");
  }

  @Test
  void theProxyAcceptsTheGeneratedInterface() throws Exception {
    try (ZeroClient client = ZeroClient.builder("127.0.0.1", 1).build()) { // never called: no server needed
      Object proxy = client.proxy(load("Api"));
      assertThat(proxy.toString()).contains("com.acme.awkward.Api");
    }
  }

  @Test
  void everyFileNamesItsOriginInItsTypesJavadoc() {
    assertThat(files).allSatisfy(f -> assertThat(f.content()).contains(" * <p>Generated for a test.\n"));
  }

  @Test
  void refusesAPackageOrInterfaceNameThatJavaDoesNot() {
    Contract contract = awkward();
    assertThatThrownBy(() -> JavaClientGenerator.generate(contract, "com.new.client", "Api", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`com.new.client` is not a Java package name");
    assertThatThrownBy(() -> JavaClientGenerator.generate(contract, "com.acme", "my-api", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`my-api` is not a Java type name");
    assertThatThrownBy(() -> JavaClientGenerator.generate(contract, "com.acme", "record", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Method method(String name) throws ClassNotFoundException {
    return Arrays.stream(load("Api").getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no method " + name));
  }

  private static String source(String simpleName) {
    return files.stream().filter(f -> f.relativePath().equals("com/acme/awkward/" + simpleName + ".java"))
        .findFirst().orElseThrow().content();
  }

  /** Each constant's name and the value the codec sends for it. */
  private static Map<String, Object> wire(String simpleName) throws ClassNotFoundException {
    Map<String, Object> wire = new LinkedHashMap<>();
    for (Object constant : load(simpleName).getEnumConstants()) {
      byte[] bytes = CODEC.encode(constant);
      wire.put(((Enum<?>) constant).name(), CODEC.decode(bytes));
    }
    return wire;
  }
}
