package io.zeroapi.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.TypeRef;
import io.zeroapi.ZeroServer;
import io.zeroapi.codec.MsgpackCodec;
import io.zeroapi.testing.Python;
import io.zeroapi.testing.alltypes.Address;
import io.zeroapi.testing.alltypes.AllTypes;
import io.zeroapi.testing.alltypes.AllTypesService;
import io.zeroapi.testing.alltypes.Color;
import io.zeroapi.testing.alltypes.Everything;
import io.zeroapi.testing.alltypes.Legacy;
import io.zeroapi.testing.alltypes.Node;
import io.zeroapi.testing.alltypes.Page;
import io.zeroapi.testing.alltypes.Priority;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Python client of the all-types fixture, run by python3 with msgspec (skipped
 * without them, see {@link Python#require()}): it compiles, it imports with the stub {@code zero}
 * package (the TCP async form here, the ZeroMQ sync form in the live call), its Structs and Enums round-trip the fixture's values encoded by Java, and its sync
 * client calls a live ZeroMQ server. One Python process per check.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratedPythonClientTest {
  private final MsgpackCodec codec = MsgpackCodec.create();

  @TempDir
  Path dir;

  @BeforeEach
  void needsPython() {
    Python.require();
  }

  private Path write(String name, String source) throws IOException {
    return Files.writeString(dir.resolve(name), source, StandardCharsets.UTF_8);
  }

  @Test
  void bothFormsCompile() throws IOException {
    Contract contract = PythonClientSourceTest.allTypes();
    Path sync = write("sync_rpc_client.py", PythonClientSource.generate(contract, "127.0.0.1", 5559, "zmq", false));
    Path tcp = write("tcp_rpc_client.py", PythonClientSource.generate(contract, "127.0.0.1", 5559, "tcp", false));
    Path original = write("original_rpc_client.py",
        PythonClientSource.generate(PythonClientSourceTest.originalFive(), "127.0.0.1", 5559, "zmq", true));
    Python.Result result = Python.run(Python.Duration.CHECK, "-m", "py_compile", sync.toString(), tcp.toString(),
        original.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** One value to round-trip: the Python type expression, the Java value and its Java type. */
  private record Case(String pythonType, Object value, Type javaType) {}

  @Test
  void structsAndEnumsRoundTripJavaValues() throws IOException {
    Legacy empty = new Legacy(); // a null name: omitted by Python (omit_defaults), kept null by Java
    List<Case> cases = List.of(
        new Case("Everything", AllTypes.sample(), Everything.class),
        new Case("Node", AllTypes.tree(), Node.class),
        new Case("Page_Address", new AllTypesService().addressPage(2), new TypeRef<Page<Address>>() {}.type()),
        new Case("Legacy", new Legacy("legacy", 3), Legacy.class),
        new Case("Legacy", empty, Legacy.class),
        new Case("Priority", Priority.HIGH, Priority.class),
        new Case("List[Color]", List.of(Color.values()), new TypeRef<List<Color>>() {}.type()),
        new Case("Dict[str, List[Address]]", new AllTypesService().index(Set.of(UUID.randomUUID())),
            new TypeRef<Map<String, List<Address>>>() {}.type()),
        new Case("Optional[Everything]", Optional.empty(), new TypeRef<Optional<Everything>>() {}.type()),
        new Case("io_zeroapi_testing_alltypes_other_Address", new io.zeroapi.testing.alltypes.other.Address(9),
            io.zeroapi.testing.alltypes.other.Address.class));
    // the TCP (async) form: it imports too, and its models are the same as the sync form's
    Path module = write("rpc_client.py",
        PythonClientSource.generate(PythonClientSourceTest.allTypes(), "127.0.0.1", 5559, "tcp", true));
    List<Map<String, Object>> manifest = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Path in = Files.write(dir.resolve(i + ".in"), codec.encode(cases.get(i).value()));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", cases.get(i).pythonType());
      entry.put("in", in.toString());
      entry.put("out", dir.resolve(i + ".out").toString());
      manifest.add(entry);
    }
    Path manifestFile = write("manifest.json", json(manifest));
    Python.Result result = Python.run(Python.Duration.CHECK,
        Python.resources().resolve("roundtrip.py").toString(), module.toString(), manifestFile.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output().lines().toList()).as("the classes msgspec decoded into").containsExactly(
        "0 Everything", "1 Node", "2 Page_Address", "3 Legacy", "4 Legacy", "5 Priority", "6 list", "7 dict",
        "8 NoneType", "9 io_zeroapi_testing_alltypes_other_Address");
    for (int i = 0; i < cases.size(); i++) {
      byte[] back = Files.readAllBytes(dir.resolve(i + ".out"));
      assertThat(codec.decode(back, 0, back.length, cases.get(i).javaType()))
          .as("case %d (%s) after Python", i, cases.get(i).pythonType()).isEqualTo(cases.get(i).value());
    }
  }

  @Test
  void theSyncClientCallsALiveZeroMqServer() throws IOException {
    try (ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.ZMQ).build()) {
      server.registerService(new AllTypesService());
      server.start();
      Path module = write("rpc_client.py",
          PythonClientSource.generate(PythonClientSourceTest.allTypes(), "127.0.0.1", server.port(), "zmq", false));
      Python.Result result = Python.run(Python.Duration.CHECK,
          Python.resources().resolve("call_live.py").toString(), module.toString());
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).endsWith("ok\n");
    }
  }

  /** The manifest as JSON: a list of maps of strings. */
  private static String json(List<Map<String, Object>> manifest) {
    StringBuilder b = new StringBuilder("[");
    for (Map<String, Object> entry : manifest) {
      b.append(b.length() > 1 ? ",\n" : "").append('{');
      String separator = "";
      for (Map.Entry<String, Object> e : entry.entrySet()) {
        b.append(separator).append(quote(e.getKey())).append(": ").append(quote((String) e.getValue()));
        separator = ", ";
      }
      b.append('}');
    }
    return b.append("]\n").toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
