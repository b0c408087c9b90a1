package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.cli.WebConsoles.Reply;
import io.zeroapi.cli.ui.WebConsole;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The web console's JSON API ({@code zero ui}) over plain HTTP, against a live example server: one
 * subclass per transport.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractWebConsoleTest {
  private ZeroServer server;
  private WebConsole console;

  abstract Protocol protocol();

  private ZeroServer server() {
    return server;
  }

  private WebConsole console() {
    return console;
  }

  @BeforeAll
  void start() {
    server = ExampleServers.start(protocol());
    console = WebConsoles.start(protocol(), server.port(), WebConsole.DEFAULT_POLL_MILLIS);
  }

  @AfterAll
  void stop() {
    if (console != null) {
      console.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Reply call(String function, String argumentJson, Long timeoutMillis) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("function", function);
    request.put("argumentJson", argumentJson);
    if (timeoutMillis != null) {
      request.put("timeoutMillis", timeoutMillis);
    }
    return WebConsoles.post(console(), "api/call", request);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> functions(Map<String, Object> contractReply) {
    return (List<Map<String, Object>>) ((Map<String, Object>) contractReply.get("contract")).get("functions");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> definition(Map<String, Object> contractReply, String name) {
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) contractReply.get("contract"))
        .get("definitions")).get(name);
  }

  private static Map<String, Object> function(Map<String, Object> contractReply, String name) {
    return functions(contractReply).stream().filter(f -> name.equals(f.get("name"))).findFirst().orElseThrow();
  }

  @Test
  void servesThePageFromTheJar() {
    WebConsole console = console();
    assertThat(WebConsoles.text(console, "/")).contains("<title>Zero console</title>").contains("console.js");
    assertThat(WebConsoles.text(console, "/console.js")).contains("api/call");
    assertThat(WebConsoles.send(HttpRequest.newBuilder(console.uri().resolve("/console.css"))).contentType())
        .startsWith("text/css");
    assertThat(WebConsoles.get(console, "/nothing-here").status()).isEqualTo(404);
  }

  @Test
  void theContractListsEveryFunctionWithItsTypesRecordsAndExamples() {
    Reply reply = WebConsoles.get(console(), "api/contract");
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    assertThat(reply.body()).containsEntry("ok", true)
        .containsEntry("server", "127.0.0.1:" + server().port())
        .containsEntry("protocol", ProtocolConverter.name(protocol()));
    assertThat(functions(reply.body())).extracting(f -> f.get("name"))
        .containsExactlyInAnyOrderElementsOf(server().functions());
    assertThat(function(reply.body(), "process_order"))
        .containsEntry("argumentType", "Order").containsEntry("resultType", "Order")
        .containsEntry("parameter", "order").containsEntry("uses", List.of("Order"));
    assertThat(function(reply.body(), "sum_list")).containsEntry("argumentType", "list<int32>")
        .containsEntry("resultType", "int32").containsEntry("example", "[\n  1,\n  1\n]");
    assertThat(function(reply.body(), "hello_world")).doesNotContainKeys("argumentType", "example")
        .containsEntry("resultType", "string");
    assertThat(function(reply.body(), "sleep_async")).containsEntry("async", true);
    assertThat(definition(reply.body(), "Order")).containsEntry("kind", "record").containsEntry("fields", List.of(
        Map.of("name", "id", "type", "int64", "required", true),
        Map.of("name", "price", "type", "double", "required", true),
        Map.of("name", "name", "type", "string", "required", true),
        Map.of("name", "created_at", "type", "timestamp", "required", true),
        Map.of("name", "items", "type", "list<string>", "required", true)));
  }

  /** What a new user does: call each function with the example the page offers, unchanged. */
  @Test
  void everyFunctionAcceptsItsExampleArgument() {
    Reply contract = WebConsoles.get(console(), "api/contract");
    List<String> outcomes = new ArrayList<>();
    for (Map<String, Object> function : functions(contract.body())) {
      String name = (String) function.get("name");
      Reply reply = call(name, (String) function.get("example"), null);
      assertThat(reply.status()).isEqualTo(200);
      outcomes.add(name + " " + (Boolean.TRUE.equals(reply.body().get("ok")) ? "ok" : reply.body().get("errorKind")));
    }
    // fail throws by design: its example reaches it and it answers with its remote error.
    assertThat(outcomes).containsExactlyInAnyOrder("divide ok", "echo ok", "echo_point ok", "fail remote",
        "hello_world ok", "process_order ok", "sleep ok", "sleep_async ok", "sum_list ok");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCallOfProcessOrderAnswersTheResultItsTimeAndTheCommandLine() {
    String order = "{\"id\": 41, \"price\": 2.5, \"name\": \"widget\", \"created_at\": \"2025-01-01T12:00:00Z\", "
        + "\"items\": [\"it's\"]}";
    Reply reply = call("process_order", order, null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).as(reply.body().toString()).containsEntry("ok", true).containsKey("elapsedMicros");
    assertThat((Map<String, Object>) reply.body().get("result")).containsEntry("id", 42).containsEntry("price", 5.0)
        .containsEntry("name", "WIDGET").containsEntry("created_at", "2025-01-02T12:00:00Z")
        .containsEntry("items", List.of("it's", "processed"));
    assertThat((String) reply.body().get("resultJson")).contains("\n  \"name\": \"WIDGET\",\n");
    String command = (String) reply.body().get("command");
    assertThat(command).startsWith("./zero call 127.0.0.1:" + server().port() + " process_order '{")
        .endsWith("]}'" + tcpOption() + " --timeout " + WebConsoles.TIMEOUT_MILLIS);
    // The command line, as a shell splits it, makes the same call and prints the same result.
    List<String> words = ShellWords.split(command);
    assertThat(words.subList(0, 2)).containsExactly("./zero", "call");
    CommandLineTest.Run run = CommandLineTest.run(words.subList(1, words.size()).toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Json.parse(run.out())).isEqualTo(reply.body().get("result"));
  }

  @Test
  void anArgumentOfTheWrongTypeIsAValidationErrorWithItsPath() {
    Reply reply = call("process_order",
        "{\"id\": 1, \"price\": 1.5, \"name\": \"x\", \"created_at\": \"2025-01-01T12:00:00Z\", \"items\": [7]}", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).containsEntry("ok", false).containsEntry("errorKind", "validation")
        .containsEntry("path", "$.items[0]").containsEntry("exception", "ValidationException");
    assertThat((String) reply.body().get("errorText")).contains("Expected `str`, got `int`");
  }

  @Test
  void aFunctionSlowerThanTheTimeoutIsATimeout() {
    Reply reply = call("sleep_async", "1000", 100L);
    assertThat(reply.body()).containsEntry("ok", false).containsEntry("errorKind", "timeout");
    assertThat((String) reply.body().get("errorText")).contains("100 ms");
    assertThat((String) reply.body().get("command")).endsWith("sleep_async 1000" + tcpOption() + " --timeout 100");
  }

  private String tcpOption() {
    return protocol() == Protocol.TCP ? " --protocol tcp" : "";
  }

  @Test
  void anUnknownFunctionAndARemoteErrorHaveTheirKinds() {
    assertThat(call("no_such_function", "", null).body()).containsEntry("errorKind", "function-not-found");
    Reply divide = call("divide", "[1, 0]", null);
    assertThat(divide.body()).containsEntry("errorKind", "remote");
    assertThat((String) divide.body().get("errorText")).contains("ArithmeticException");
    Reply hello = call("hello_world", null, null);
    assertThat(hello.body()).containsEntry("ok", true).containsEntry("result", "hello world")
        .containsEntry("command", "./zero call 127.0.0.1:" + server().port() + " hello_world" + tcpOption()
            + " --timeout " + WebConsoles.TIMEOUT_MILLIS);
  }

  @Test
  void invalidJsonIsRefusedBeforeAnyCall() {
    Reply reply = call("echo", "hi", null);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).containsEntry("ok", false).containsEntry("errorKind", "invalid-json")
        .doesNotContainKeys("elapsedMicros", "command");
    assertThat((String) reply.body().get("errorText")).contains("nothing was sent").contains("'hi'");
    assertThat(WebConsoles.post(console(), "api/call", Map.of("argumentJson", "1")).status()).isEqualTo(400);
    assertThat(WebConsoles.post(console(), "api/call", Map.of("function", "echo", "timeoutMillis", -1)).body())
        .containsEntry("errorKind", "bad-request");
  }

  /** What another site's page could send from the user's browser is refused, so it cannot call the server. */
  @Test
  void requestsThatAnotherSiteCouldSendAreRefused() {
    WebConsole console = console();
    HttpRequest.Builder crossOrigin = HttpRequest.newBuilder(console.uri().resolve("api/call"))
        .header("Content-Type", "application/json").header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("{\"function\": \"hello_world\"}"));
    assertThat(WebConsoles.send(crossOrigin).status()).isEqualTo(403);
    HttpRequest.Builder form = HttpRequest.newBuilder(console.uri().resolve("api/call"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"function\": \"hello_world\"}"));
    assertThat(WebConsoles.send(form).body()).containsEntry("errorKind", "forbidden");
    HttpRequest.Builder sameOrigin = HttpRequest.newBuilder(console.uri().resolve("api/call"))
        .header("Content-Type", "application/json")
        .header("Origin", console.uri().toString().replaceAll("/$", ""))
        .POST(HttpRequest.BodyPublishers.ofString("{\"function\": \"hello_world\"}"));
    assertThat(WebConsoles.send(sameOrigin).body()).containsEntry("ok", true);
  }

  /** A server that goes away is reported as unreachable, and the console recovers when it returns on its port. */
  @Test
  void aServerThatGoesAwayIsReportedAndTheConsoleRecoversWhenItReturns() {
    ZeroServer own = ExampleServers.start(protocol());
    int port = own.port();
    try (WebConsole console = WebConsoles.start(protocol(), port, WebConsole.DEFAULT_POLL_MILLIS, 500)) {
      assertThat(WebConsoles.get(console, "api/contract").body()).containsEntry("ok", true);
      own.close();
      Reply gone = WebConsoles.get(console, "api/contract");
      assertThat(gone.status()).isEqualTo(502);
      assertThat(gone.body()).containsEntry("ok", false);
      assertThat(gone.body().get("errorKind")).isIn("timeout", "connection");
      assertThat((String) gone.body().get("errorText")).contains("is the server running at 127.0.0.1:" + port
          + ", speaking " + ProtocolConverter.name(protocol()) + "?");
      assertThat(WebConsoles.post(console, "api/call", Map.of("function", "hello_world")).body())
          .containsEntry("ok", false).extractingByKey("errorKind").isIn("timeout", "connection");
      own = ExampleServers.start(protocol(), port);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(WebConsoles.get(console, "api/contract").body()).containsEntry("ok", true));
      assertThat(WebConsoles.post(console, "api/call", Map.of("function", "hello_world")).body())
          .containsEntry("ok", true).containsEntry("result", "hello world");
    } finally {
      own.close();
    }
  }
}
