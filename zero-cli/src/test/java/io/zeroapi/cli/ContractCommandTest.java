package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.codec.MsgpackCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code zero contract} against the example server on both transports, and against a server without a contract. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContractCommandTest {
  private static ZeroServer server;
  private static ZeroServer tcpServer;

  @BeforeAll
  static void start() {
    server = ExampleServers.start(Protocol.ZMQ);
    tcpServer = ExampleServers.start(Protocol.TCP);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (tcpServer != null) {
      tcpServer.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> function(Map<String, Object> contract, String name) {
    return ((List<Map<String, Object>>) contract.get("functions")).stream()
        .filter(f -> name.equals(f.get("name"))).findFirst().orElseThrow();
  }

  @Test
  @SuppressWarnings("unchecked")
  void printsTheExampleServersContractAsIndentedJson() {
    CommandLineTest.Run run = CommandLineTest.run("contract", "127.0.0.1:" + server.port());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{\n  \"zero_contract\": \"1.0\",\n");
    Map<String, Object> contract = (Map<String, Object>) Json.parse(run.out());
    assertThat(contract).containsEntry("protocol", "zmq");
    assertThat(function(contract, "process_order")).containsEntry("argument", Map.of("$ref", "#/definitions/Order"));
    assertThat(function(contract, "sum_list")).containsEntry("argument",
        Map.of("type", "array", "items", Map.of("type", "integer", "format", "int32")));
    assertThat(function(contract, "sleep_async")).containsEntry("async", true);
    Map<String, Object> order = (Map<String, Object>) ((Map<String, Object>) contract.get("definitions")).get("Order");
    assertThat(((Map<String, Object>) order.get("properties")).keySet())
        .containsExactly("id", "price", "name", "created_at", "items");
  }

  /**
   * The shortened examples of the README and docs/contract.md are the example server's contract
   * with functions and definitions left out, nothing changed: each function and definition they
   * show is the live one, and so is every other top-level value.
   */
  @Test
  void theDocumentedExamplesArePartsOfTheExampleServersContract() throws IOException {
    CommandLineTest.Run run = CommandLineTest.run("contract", "127.0.0.1:" + server.port(), "--raw");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> live = asMap(Json.parse(run.out()));
    Path root = repositoryRoot();
    String readme = Files.readString(root.resolve("README.md"));
    int start = readme.indexOf("<!-- contract-example:start -->");
    int end = readme.indexOf("<!-- contract-example:end -->");
    assertThat(start).as("README's contract-example markers").isNotNegative().isLessThan(end);
    assertPartOf(jsonBlock(readme.substring(start, end)), live, "README.md");
    String doc = Files.readString(root.resolve("docs/contract.md"));
    assertPartOf(jsonBlock(doc.substring(doc.indexOf("## Example"))), live, "docs/contract.md");
  }

  private static void assertPartOf(Map<String, Object> shown, Map<String, Object> live, String where) {
    assertThat(shown.keySet()).as(where).containsExactlyElementsOf(live.keySet());
    for (String key : List.of("zero_contract", "server", "protocol")) {
      assertThat(shown.get(key)).as(where + ": " + key).isEqualTo(live.get(key));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> functions = (List<Map<String, Object>>) shown.get("functions");
    assertThat(functions).as(where + ": functions").isNotEmpty();
    for (Map<String, Object> f : functions) {
      assertThat(f).as(where + ": function " + f.get("name")).isEqualTo(function(live, (String) f.get("name")));
    }
    Map<String, Object> definitions = asMap(shown.get("definitions"));
    Map<String, Object> liveDefinitions = asMap(live.get("definitions"));
    definitions.forEach((name, definition) ->
        assertThat(definition).as(where + ": definition " + name).isEqualTo(liveDefinitions.get(name)));
  }

  private static Map<String, Object> jsonBlock(String text) {
    int start = text.indexOf("```json\n");
    int end = text.indexOf("```", start + 7);
    assertThat(start).as("a ```json block").isNotNegative();
    return asMap(Json.parse(text.substring(start + 7, end)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  static Path repositoryRoot() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
        return dir;
      }
    }
    throw new AssertionError("no README.md and docs/ above " + System.getProperty("user.dir"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void rawPrintsOneLineOverTcp() {
    CommandLineTest.Run run = CommandLineTest.run("contract", "127.0.0.1:" + tcpServer.port(), "--protocol", "tcp", "--raw");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{\"zero_contract\":\"1.0\",").endsWith("}\n");
    assertThat(run.out().strip()).doesNotContain("\n");
    assertThat((Map<String, Object>) Json.parse(run.out())).containsEntry("protocol", "tcp");
  }

  @Test
  void aServerWithoutAContractIsOneLineAndExitCode1() throws Exception {
    try (ServerSocket python = pythonLikeTcpServer()) {
      CommandLineTest.Run run = CommandLineTest.run("contract", "127.0.0.1:" + python.getLocalPort(), "--protocol", "tcp");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).startsWith("error: the server at 127.0.0.1:").contains("has no contract")
          .contains("Python Zero server").endsWith("\n");
      assertThat(run.err().strip()).doesNotContain("\n");
    }
  }

  @Test
  void aTransportOptionOfTheOtherTransportIsAUsageError() {
    CommandLineTest.Run run = CommandLineTest.run("contract", "127.0.0.1:1", "--protocol", "tcp", "--curve-server-key", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("zero contract: --curve-server-key is for --protocol zmq");
  }

  /**
   * A raw TCP server that answers like a Python Zero server: every request but {@code
   * zero.contract} with {@code "connected"}, {@code zero.contract} with function-not-found.
   */
  private static ServerSocket pythonLikeTcpServer() throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    MsgpackCodec codec = MsgpackCodec.create();
    byte[] connected = codec.encode("connected");
    byte[] notFound = codec.encode(Map.of("__zerror__function_not_found", "Function `zero.contract` not found!"));
    Thread.ofPlatform().daemon().name("python-like-server").start(() -> {
      try (Socket socket = listener.accept()) {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        while (true) {
          int length = in.readInt();
          byte[] rest = new byte[length];
          in.readFully(rest);
          int id = ByteBuffer.wrap(rest).getInt(0);
          boolean contract = new String(rest, StandardCharsets.ISO_8859_1).contains("zero.contract");
          byte[] payload = contract ? notFound : connected;
          out.write(ByteBuffer.allocate(9 + payload.length).putInt(5 + payload.length).putInt(id)
              .put((byte) (contract ? 1 : 0)).put(payload).array());
          out.flush();
        }
      } catch (IOException e) {
        // the client went away, or the test closed the listener
      }
    });
    return listener;
  }
}
