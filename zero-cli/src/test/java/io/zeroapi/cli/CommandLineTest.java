package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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

  /** A usage error is one line saying what is wrong and one pointing to --help, exit 2; never the whole help. */
  static void assertUsageError(Run run, String command, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().split("\n"))
        .as(run.err())
        .hasSize(2)
        .satisfies(lines -> {
          assertThat(lines[0]).startsWith(command + ": ").contains(message);
          assertThat(lines[1]).isEqualTo("Try '" + command + " --help' for more information.");
        });
  }

  @Test
  void noSubcommandIsAUsageErrorNamingTheCommands() {
    assertUsageError(run(), "zero", "missing command (demo, serve, call, contract, health, load, generate-client, ui, keygen, rolling-update, help; through ./zero also test, build");
  }

  @Test
  void helpListsEveryCommandIncludingThoseOfTheLauncher() {
    Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    for (String command : List.of("demo", "serve", "call", "contract", "health", "load", "keygen", "rolling-update", "help", "test",
        "build", "install", "bench", "jmh", "fuzz", "coverage", "mutation")) {
      assertThat(run.out()).as(command).containsPattern("(?m)^  " + command + " +\\S");
    }
    assertThat(run.out()).contains("Commands of the ./zero script");
    assertThat(run.out().indexOf("  keygen ")).isLessThan(run.out().indexOf("  bench "));
  }

  @Test
  void aLauncherCommandThatReachesTheJarSaysToRunItThroughTheScript() {
    Run run = run("bench", "--full");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("zero bench: runs through the ./zero launcher script, not this jar: ./zero bench --full\n");
    Run help = run("help", "test");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: zero test").contains("Run it as './zero test'");
  }

  @Test
  void usageErrorsAreOneLineAndAHint() {
    assertUsageError(run("frobnicate"), "zero", "unknown command 'frobnicate' (demo, serve");
    assertUsageError(run("--frobnicate"), "zero", "Unknown option: '--frobnicate'");
    assertUsageError(run("call", "127.0.0.1:5559"), "zero call", "FUNCTION");
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--protcol", "tcp"), "zero call",
        "Unknown option: '--protcol' (did you mean --protocol?)");
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "hi"), "zero call", "JSON-ARGUMENT is not one valid JSON value");
    assertUsageError(run("serve", "--port", "70000"), "zero serve", "--port must be within 0..65535");
    assertUsageError(run("serve", "--health-port", "70000"), "zero serve", "--health-port must be within 0..65535");
    assertUsageError(run("serve", "--drain-delay", "-1"), "zero serve", "--drain-delay must not be negative");
    assertUsageError(run("serve", "--grace-period", "-1"), "zero serve", "--grace-period must not be negative");
    assertUsageError(run("health", "127.0.0.1:5559", "--timeout", "0"), "zero health", "--timeout must be positive");
    assertUsageError(run("demo", "--protocol", "udp"), "zero demo", "unknown protocol");
  }

  @Test
  void curveOptionsWithTcpAreUsageErrors() {
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--protocol", "tcp", "--curve-server-key",
        io.zeroapi.CurveKeys.generate().publicKey()), "zero call", "--curve-server-key is for --protocol zmq");
    assertUsageError(run("serve", "--protocol", "tcp", "--curve-public-key", io.zeroapi.CurveKeys.generate().publicKey()),
        "zero serve", "--curve-public-key is for --protocol zmq");
    assertUsageError(run("serve", "--curve-secret-key", io.zeroapi.CurveKeys.generate().secretKey()),
        "zero serve", "--curve-secret-key needs --curve-public-key");
  }

  @Test
  void curveClientAuthenticationOptionsAreChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    io.zeroapi.CurveKeys server = io.zeroapi.CurveKeys.generate();
    io.zeroapi.CurveKeys client = io.zeroapi.CurveKeys.generate();
    io.zeroapi.CurveKeys other = io.zeroapi.CurveKeys.generate();
    assertUsageError(run("serve", "--port", "0", "--curve-allow", client.publicKey()), "zero serve",
        "--curve-allow needs --curve-public-key");
    assertUsageError(run("serve", "--port", "0", "--curve-public-key", server.publicKey(), "--curve-secret-key",
        server.secretKey(), "--curve-allow", client.publicKey(), "--curve-allow", "not-a-key"), "zero serve",
        "--curve-allow: allowed client public key 2 of 2 (\"not-a-key\") must be 40 characters of Z85 text, got 9");
    java.nio.file.Path file = dir.resolve("clients.txt");
    java.nio.file.Files.writeString(file, "# the clients we know\n" + client.publicKey() + "\n\n" + "~".repeat(40) + "\n");
    assertUsageError(run("serve", "--port", "0", "--curve-public-key", server.publicKey(), "--curve-secret-key",
        server.secretKey(), "--curve-allow", file.toString()), "zero serve",
        "--curve-allow: allowed client public key 2 of 2 (\"" + "~".repeat(40) + "\") is not valid Z85 text");
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--curve-client-key", client.publicKey()), "zero call",
        "--curve-client-key needs --curve-server-key");
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--curve-server-key", server.publicKey(),
        "--curve-client-secret-key", client.secretKey()), "zero call", "--curve-client-secret-key needs --curve-client-key");
    Run mismatch = run("call", "127.0.0.1:5559", "echo", "--curve-server-key", server.publicKey(), "--curve-client-key",
        other.publicKey(), "--curve-client-secret-key", client.secretKey());
    assertUsageError(mismatch, "zero call", "--curve-client-key " + other.publicKey() + " is not the public key of the "
        + "secret key in ZERO_CURVE_CLIENT_SECRET_KEY (that is " + client.publicKey() + ")");
    assertThat(mismatch.err()).doesNotContain(client.secretKey());
  }

  /** A server whose public key is not its secret key's would start, and every client would time out. */
  @Test
  void serveRefusesAPublicKeyOfAnotherPair() {
    io.zeroapi.CurveKeys mine = io.zeroapi.CurveKeys.generate();
    io.zeroapi.CurveKeys other = io.zeroapi.CurveKeys.generate();
    Run run = run("serve", "--port", "0", "--curve-public-key", other.publicKey(), "--curve-secret-key", mine.secretKey());
    assertUsageError(run, "zero serve", "--curve-public-key " + other.publicKey()
        + " is not the public key of the secret key in ZERO_CURVE_SECRET_KEY (that is " + mine.publicKey()
        + "): give both keys of one pair from 'zero keygen'");
    assertThat(run.err()).doesNotContain(mine.secretKey());
  }

  @Test
  void tcpOnlyClientOptionsWithZeroMqAreUsageErrors() {
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--one-in-flight"), "zero call",
        "--one-in-flight is for --protocol tcp");
    assertUsageError(run("call", "127.0.0.1:5559", "echo", "--protocol", "zmq", "--connections", "4"), "zero call",
        "--connections is for --protocol tcp");
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
    assertThat(call.client.protocol).isEqualTo(Protocol.TCP);
    assertThat(call.client.timeoutMillis).isEqualTo(250);
    assertThat(call.connections).isEqualTo(4);
    assertThat(call.oneInFlight).isTrue();
  }

  @Test
  void callDefaults() {
    CommandLine commandLine = Main.commandLine();
    CommandLine.ParseResult parsed = commandLine.parseArgs("call", "127.0.0.1:5559", "hello_world");
    CallCommand call = (CallCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(call.argument).isNull();
    assertThat(call.client.protocol).isEqualTo(Protocol.ZMQ);
    assertThat(call.client.timeoutMillis).isEqualTo(5000);
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
