package io.zeroapi.internal.contract;

import static io.zeroapi.testing.ContractDocuments.function;
import static io.zeroapi.testing.ContractDocuments.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.internal.ContractBuilder;
import io.zeroapi.internal.FunctionRegistry;
import io.zeroapi.testing.alltypes.AllTypesService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python client source against golden files: the original generator's own output for its
 * five test functions (../shared/wire/codegen, copied byte for byte into test resources), and the
 * all-types fixture's. No network.
 *
 * <p>To regenerate the all-types golden files after an intended change, run {@code ./zero test}
 * (or {@code mvn -pl zero-core test -Dtest=PythonClientSourceTest}) with {@code
 * -Dzero.golden.update=true}, then review the diff. The original's files are never regenerated.
 */
class PythonClientSourceTest {
  private static final Path RESOURCES = Path.of("src/test/resources/codegen");

  static String resource(String name) {
    try (InputStream in = PythonClientSourceTest.class.getResourceAsStream("/codegen/" + name)) {
      if (in == null) {
        throw new AssertionError("missing test resource codegen/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one documented difference: the original's dataclass Point is a msgspec Struct here. */
  private static String asStructs(String original) {
    String expected = original.replace("from dataclasses import dataclass\n", "")
        .replace("@dataclass\nclass Point:\n", "class Point(msgspec.Struct):\n");
    assertThat(expected).as("the substitution applied").isNotEqualTo(original).doesNotContain("dataclass");
    return expected;
  }

  private static Map<String, Object> record(Object... namesAndSchemas) {
    Map<String, Object> properties = map(namesAndSchemas);
    return map("type", "object", "properties", properties, "required", new ArrayList<>(properties.keySet()));
  }

  /** The contract of the original's test server (the five functions of the captures), in its order. */
  static Contract originalFive() {
    Map<String, Object> string = map("type", "string");
    Map<String, Object> int64 = map("type", "integer", "format", "int64");
    Map<String, Object> dbl = map("type", "number", "format", "double");
    Map<String, Object> instant = map("type", "string", "format", "date-time", "x-zero-wire", "timestamp");
    Map<String, Object> order = map("$ref", "#/definitions/Order");
    Map<String, Object> point = map("$ref", "#/definitions/Point");
    Map<String, Object> document = map(
        "zero_contract", "1.0",
        "server", map("name", "zero-java", "version", "test"),
        "protocol", "zmq",
        "functions", List.of(
            function("echo", "msg", string, string),
            function("hello_world", null, null, string),
            function("process_order", "order", order, order),
            function("echo_point", "p", point, point),
            function("fail", "msg", string, string)),
        "definitions", map(
            "Order", record("id", int64, "price", dbl, "name", string, "created_at", instant,
                "items", map("type", "array", "items", string)),
            "Point", record("x", int64, "y", dbl, "label", string, "ts", instant,
                "tags", map("type", "array", "items", int64))));
    return Contract.parse(document);
  }

  /** The all-types fixture's contract, as its server builds it. */
  static Contract allTypes() {
    MsgpackCodec codec = MsgpackCodec.create();
    FunctionRegistry registry = new FunctionRegistry(codec);
    registry.addService(new AllTypesService());
    return new ContractBuilder(registry, codec, "zmq").contract();
  }

  @Test
  void originalsTcpAsyncFileExceptDataclassAsStruct() {
    assertThat(PythonClientSource.generate(originalFive(), "127.0.0.1", 15559, "tcp", false))
        .isEqualTo(asStructs(resource("python_tcp_async_rpc_client.py")));
  }

  @Test
  void originalsZmqSyncFileExceptDataclassAsStruct() {
    assertThat(PythonClientSource.generate(originalFive(), "127.0.0.1", 15560, "zmq", false))
        .isEqualTo(asStructs(resource("python_zmq_sync_rpc_client.py")));
  }

  @Test
  void zmqAsyncUsesAsyncZeroClientWithoutTcpImport() {
    String source = PythonClientSource.generate(originalFive(), "localhost", 5559, "zmq", true);
    assertThat(source)
        .contains("\nfrom zero import AsyncZeroClient\n\n\nzero_client = AsyncZeroClient(\"localhost\", 5559)\n\nclass Order")
        .contains("    async def echo(self, msg: str) -> str:\n"
            + "        return await self._zero_client.call(\"echo\", msg, return_type=str)\n")
        .doesNotContain("AsyncTCPClient");
  }

  @Test
  void allTypesZmqSyncGolden() throws IOException {
    golden("alltypes_zmq_sync_rpc_client.py", PythonClientSource.generate(allTypes(), "127.0.0.1", 5559, "zmq", false));
  }

  @Test
  void allTypesTcpAsyncGolden() throws IOException {
    golden("alltypes_tcp_async_rpc_client.py", PythonClientSource.generate(allTypes(), "127.0.0.1", 5559, "tcp", false));
  }

  private static void golden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("zero.golden.update")) {
      Files.createDirectories(RESOURCES);
      Files.writeString(RESOURCES.resolve(name), actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("golden file codegen/%s (regenerate with -Dzero.golden.update=true)", name)
        .isEqualTo(Files.readString(RESOURCES.resolve(name), StandardCharsets.UTF_8));
  }

  @Test
  void generatingTwiceGivesTheSameBytes() {
    assertThat(PythonClientSource.generate(allTypes(), "h", 1, "zmq", false))
        .isEqualTo(PythonClientSource.generate(allTypes(), "h", 1, "zmq", false));
  }

  @Test
  void recursionIsAForwardReferenceAndAnyHasItsReason() {
    String source = PythonClientSource.generate(allTypes(), "127.0.0.1", 5559, "zmq", false);
    assertThat(source).contains("class Node(msgspec.Struct):\n    name: str\n    children: List[\"Node\"]\n");
    assertThat(source).containsPattern("(?m)^    def anything\\(self, value: Any\\) -> Any:  # any: .+$")
        .containsPattern("(?m)^        return self\\._zero_client\\.call\\(\"anything\", value, return_type=Any\\)  # any: .+$")
        .contains("from typing import Any, Dict, List, Optional, Set\n");
    assertThat(source).contains("class Priority(enum.IntEnum):\n    LOW = 1\n    HIGH = 10\n")
        .contains("class Color(enum.Enum):\n    RED = \"RED\"\n");
  }

  // --- names and shapes the fixture does not have ------------------------------------------------

  private static Contract contract(List<Map<String, Object>> functions, Map<String, Object> definitions) {
    return Contract.parse(map("zero_contract", "1.0", "functions", functions, "definitions", definitions));
  }

  @Test
  void namesThatAreNotPythonIdentifiersAreMadeValidAndKeepTheirWireNames() {
    Map<String, Object> int32 = map("type", "integer", "format", "int32");
    Map<String, Object> ref = map("$ref", "#/definitions/RpcClient");
    Map<String, Object> definition = map("type", "object", "properties",
        map("from", int32, "time", map("type", "string", "format", "time", "x-zero-naive", true),
            "when", map("type", "string", "format", "date", "x-zero-naive", true), "my-field", int32),
        "required", List.of("from", "when"));
    String source = PythonClientSource.generate(contract(List.of(
        function("sum-list", "class", ref, ref),
        function("sum_list", "str", int32, map("type", "null")),
        function("__server_info__", null, null, map("type", "null"))),
        map("RpcClient", definition)), "::1", 1, "zmq", false);
    assertThat(source)
        .contains("class RpcClient_(msgspec.Struct, kw_only=True, omit_defaults=True):\n"
            + "    from_: int = msgspec.field(name=\"from\")\n"
            + "    time_: Optional[time] = msgspec.field(default=None, name=\"time\")\n"
            + "    when: date\n"
            + "    my_field: Optional[int] = msgspec.field(default=None, name=\"my-field\")\n")
        .contains("    def sum_list(self, class_: RpcClient_) -> RpcClient_:\n"
            + "        return self._zero_client.call(\"sum-list\", class_, return_type=RpcClient_)\n")
        .contains("    def sum_list_2(self, str_: int) -> None:\n"
            + "        return self._zero_client.call(\"sum_list\", str_, return_type=None)\n")
        .contains("    def rpc__server_info__(self) -> None:\n"
            + "        return self._zero_client.call(\"__server_info__\", None, return_type=None)\n")
        .contains("from datetime import date, time\n")
        .contains("\nclass RpcClient:\n");
  }

  @Test
  void hostIsAPythonStringLiteral() {
    String source = PythonClientSource.generate(contract(List.of(), map()), "a\"b\\c\nd", 7, "zmq", false);
    assertThat(source).contains("zero_client = ZeroClient(\"a\\\"b\\\\c\\nd\", 7)\n");
  }

  @Test
  void noFunctionsGivesAnEmptyClientAndTheAlwaysImportedEnum() {
    assertThat(PythonClientSource.generate(contract(List.of(), map()), "h", 1, "zmq", false)).isEqualTo("""
        # Generated by Zero
        # import types as per needed, modify as per your project structure
        import enum

        from zero import ZeroClient


        zero_client = ZeroClient("h", 1)


        class RpcClient:
            def __init__(self, zero_client: ZeroClient):
                self._zero_client = zero_client
        """);
  }

  @Test
  void setsOfUnhashableValuesAreListsAndEnumsMsgspecCannotHoldAreAny() {
    Map<String, Object> struct = map("$ref", "#/definitions/S");
    Map<String, Object> mixed = map("$ref", "#/definitions/Mixed");
    String source = PythonClientSource.generate(contract(List.of(
            function("structs", "msg", map("type", "array", "items", struct, "uniqueItems", true),
                map("type", "array", "items", map("type", "string", "format", "uuid"), "uniqueItems", true)),
            function("mixed", "msg", mixed, map("type", "string", "format", "decimal"))),
        map("S", map("type", "object", "properties", map(), "required", List.of()),
            "Mixed", map("type", "number", "enum", List.of(1.5, 2.5)))), "h", 1, "zmq", false);
    assertThat(source)
        .contains("class S(msgspec.Struct):\n    pass\n")
        .contains("    def structs(self, msg: List[S]) -> Set[uuid.UUID]:\n")
        .containsPattern("    def mixed\\(self, msg: Any\\) -> decimal.Decimal:  # any: `Mixed` is an enum of values \\[1.5, 2.5\\].*\n")
        .doesNotContain("class Mixed")
        .contains("import decimal\nimport enum\nimport msgspec\nfrom typing import Any, List, Set\nimport uuid\n");
  }

  @Test
  void protocolMustBeZmqOrTcp() {
    assertThatThrownBy(() -> PythonClientSource.generate(originalFive(), "h", 1, "udp", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"zmq\" or \"tcp\"");
  }
}
