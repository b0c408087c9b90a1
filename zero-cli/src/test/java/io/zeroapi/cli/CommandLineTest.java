package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage, parsing and exit codes of the zero command; none of these reach the network. */
class CommandLineTest {

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void noSubcommandIsAUsageError() {
    Run run = run();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing subcommand").contains("Usage: zero");
  }

  @Test
  void helpListsTheSubcommands() {
    Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("demo", "serve", "call");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Run run = run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("zero ").contains("Java ");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    assertThat(run("frobnicate").exitCode()).isEqualTo(2);
  }

  @Test
  void callWithoutFunctionIsAUsageError() {
    Run run = run("call", "127.0.0.1:5559");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("FUNCTION");
  }

  @Test
  void callWithABadAddressIsAUsageErrorSayingWhy() {
    Run run = run("call", "localhost", "echo", "\"hi\"");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("HOST:PORT").contains("no port");
  }

  @Test
  void callWithPortZeroIsAUsageError() {
    assertThat(run("call", "127.0.0.1:0", "echo").exitCode()).isEqualTo(2);
  }

  @Test
  void callWithInvalidJsonIsAUsageError() {
    Run run = run("call", "127.0.0.1:5559", "echo", "hi");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("JSON-ARGUMENT is not one valid JSON value");
  }

  @Test
  void callWithAnUnknownProtocolIsAUsageError() {
    Run run = run("call", "127.0.0.1:5559", "echo", "\"hi\"", "--protocol", "carrier-pigeon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown protocol");
  }

  @Test
  void callWithANonPositiveTimeoutOrPoolIsAUsageError() {
    assertThat(run("call", "127.0.0.1:5559", "echo", "--timeout", "0").exitCode()).isEqualTo(2);
    assertThat(run("call", "127.0.0.1:5559", "echo", "--timeout", "soon").exitCode()).isEqualTo(2);
    assertThat(run("call", "127.0.0.1:5559", "echo", "--connections", "0").exitCode()).isEqualTo(2);
  }

  @Test
  void callParsesEveryOption() {
    CommandLine commandLine = Main.commandLine();
    CommandLine.ParseResult parsed = commandLine.parseArgs(
        "call", "[::1]:6000", "sum_list", "[1, 2, 3]", "--protocol", "TCP", "--timeout", "250",
        "--connections", "4", "--one-in-flight");
    CallCommand call = (CallCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(call.address).isEqualTo(new HostPort("::1", 6000));
    assertThat(call.function).isEqualTo("sum_list");
    assertThat(call.argument).isEqualTo("[1, 2, 3]");
    assertThat(call.protocol).isEqualTo(Protocol.TCP);
    assertThat(call.timeoutMillis).isEqualTo(250);
    assertThat(call.connections).isEqualTo(4);
    assertThat(call.oneInFlight).isTrue();
  }

  @Test
  void callDefaults() {
    CommandLine commandLine = Main.commandLine();
    CommandLine.ParseResult parsed = commandLine.parseArgs("call", "127.0.0.1:5559", "hello_world");
    CallCommand call = (CallCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(call.argument).isNull();
    assertThat(call.protocol).isEqualTo(Protocol.ZMQ);
    assertThat(call.timeoutMillis).isEqualTo(5000);
    assertThat(call.connections).isEqualTo(1);
    assertThat(call.oneInFlight).isFalse();
  }

  @Test
  void aNegativeNumberIsAnArgumentNotAnOption() {
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs("call", "127.0.0.1:5559", "echo", "-5");
    assertThat(((CallCommand) parsed.subcommand().commandSpec().userObject()).argument).isEqualTo("-5");
  }

  @Test
  void serveAndDemoRejectBadOptions() {
    assertThat(run("serve", "--port", "70000").exitCode()).isEqualTo(2);
    assertThat(run("serve", "--protocol", "udp").exitCode()).isEqualTo(2);
    assertThat(run("demo", "--protocol", "udp").exitCode()).isEqualTo(2);
    assertThat(run("demo", "--throughput-seconds", "-1").exitCode()).isEqualTo(2);
  }

  @Test
  void protocolChoicesFollowTheEnum() {
    assertThat(new ProtocolConverter.Names()).hasSize(Protocol.values().length).contains("tcp");
  }

  @Test
  void errorLineNamesTheExceptionAndItsMessage() {
    assertThat(Main.errorLine(new io.zeroapi.CallTimeoutException("Call to `sleep` timed out after 50 ms")))
        .isEqualTo("error: CallTimeoutException: Call to `sleep` timed out after 50 ms");
  }
}
