package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.cli.WebConsoles.Reply;
import io.zeroapi.cli.ui.WebConsole;
import io.zeroapi.testing.alltypes.AllTypesService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console's view of a contract with every kind of type (zero-core's {@link AllTypesService}):
 * the type names it shows, enums with their values, and example arguments the server accepts; and
 * of a server without a contract (a Python Zero server), whose functions are still called by name.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebConsoleAllTypesTest {

  @Test
  @SuppressWarnings("unchecked")
  void everyExampleArgumentFitsItsFunctionAndEveryTypeHasAName() {
    ZeroServer server = ZeroServer.builder().protocol(Protocol.ZMQ).host("127.0.0.1").port(0)
        .shutdownGracePeriod(Duration.ofSeconds(1)).build();
    server.registerService(new AllTypesService());
    server.start();
    try (server; WebConsole console = WebConsoles.start(Protocol.ZMQ, server.port(), WebConsole.DEFAULT_POLL_MILLIS)) {
      Reply reply = WebConsoles.get(console, "api/contract");
      assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
      Map<String, Object> contract = (Map<String, Object>) reply.body().get("contract");
      Map<String, Object> definitions = (Map<String, Object>) contract.get("definitions");
      Map<String, String> everything = new LinkedHashMap<>();
      ((List<Map<String, Object>>) ((Map<String, Object>) definitions.get("Everything")).get("fields"))
          .forEach(field -> everything.put((String) field.get("name"), (String) field.get("type")));
      assertThat(everything).containsEntry("huge", "bigint").containsEntry("blob", "bytes (base64)")
          .containsEntry("at", "timestamp").containsEntry("local", "local date-time").containsEntry("id", "uuid")
          .containsEntry("note", "string | null").containsEntry("ids", "set<int32>")
          .containsEntry("names", "map<int32, string>").containsEntry("color", "Color")
          .containsEntry("history", "list<Address>").containsEntry("clock", "time with offset");
      assertThat((Map<String, Object>) definitions.get("Color")).containsEntry("kind", "enum")
          .containsEntry("values", List.of("RED", "GREEN", "BLUE"));

      List<String> outcomes = new ArrayList<>();
      for (Map<String, Object> function : (List<Map<String, Object>>) contract.get("functions")) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("function", function.get("name"));
        request.put("argumentJson", function.get("example"));
        Reply call = WebConsoles.post(console, "api/call", request);
        outcomes.add(function.get("name") + " " + (Boolean.TRUE.equals(call.body().get("ok"))
            ? "ok" : call.body().get("errorKind") + ": " + call.body().get("errorText")));
      }
      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).endsWith(" ok"));
    }
  }

  @Test
  void aServerWithoutAContractIsSaidSoAndItsFunctionsAreCalledByName() throws InterruptedException {
    try (FakeZmqServer python = new FakeZmqServer(name -> name.equals("hello_world") ? "hello world"
        : FakeZmqServer.functionNotFound(name));
        WebConsole console = WebConsoles.start(Protocol.ZMQ, python.port(), WebConsole.DEFAULT_POLL_MILLIS)) {
      Reply contract = WebConsoles.get(console, "api/contract");
      assertThat(contract.status()).isEqualTo(502);
      assertThat(contract.body()).containsEntry("errorKind", "no-contract");
      assertThat((String) contract.body().get("errorText")).contains("Python Zero server").contains("Type a function name");
      Reply call = WebConsoles.post(console, "api/call", Map.of("function", "hello_world"));
      assertThat(call.body()).containsEntry("ok", true).containsEntry("result", "hello world");
    }
  }
}
