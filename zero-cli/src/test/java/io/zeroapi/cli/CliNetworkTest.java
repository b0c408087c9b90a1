package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.CurveKeys;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.examples.ExampleServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code zero call} and {@code zero demo} end to end, against a ZeroMQ (default) and a TCP example server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliNetworkTest {
  private static ZeroServer server;
  private static ZeroServer tcpServer;
  private static String address;
  private static String tcpAddress;

  @BeforeAll
  static void start() {
    server = ExampleServers.start(Protocol.ZMQ);
    tcpServer = ExampleServers.start(Protocol.TCP);
    tcpAddress = "127.0.0.1:" + tcpServer.port();
    address = "127.0.0.1:" + server.port();
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

  @Test
  void callPrintsTheResultAsJson() {
    CommandLineTest.Run run = CommandLineTest.run("call", address, "echo", "\"hi\"");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("\"hi\"\n");
    CommandLineTest.Run overTcp = CommandLineTest.run("call", tcpAddress, "echo", "\"hi\"", "--protocol", "tcp");
    assertThat(overTcp.exitCode()).as(overTcp.err()).isZero();
    assertThat(overTcp.out()).isEqualTo("\"hi\"\n");
  }

  @Test
  void callWithoutArgumentSendsNil() {
    CommandLineTest.Run run = CommandLineTest.run("call", address, "hello_world");
    assertThat(run.out()).isEqualTo("\"hello world\"\n");
  }

  @Test
  void callWithAListArgumentOverAPoolOfOneInFlightConnections() {
    CommandLineTest.Run run = CommandLineTest.run("call", tcpAddress, "sum_list", "[1, 2, 3]", "--protocol", "tcp", "--one-in-flight", "--connections", "2");
    assertThat(run.out()).isEqualTo("6\n");
  }

  @Test
  void remoteErrorsGoToStderrWithExitCode1() {
    CommandLineTest.Run run = CommandLineTest.run("call", address, "fail", "\"boom\"");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("error: RemoteException: RuntimeException('boom')\n");
    assertThat(CommandLineTest.run("call", address, "nope").err()).startsWith("error: FunctionNotFoundException: ");
    assertThat(CommandLineTest.run("call", address, "sleep", "500", "--timeout", "50").err())
        .startsWith("error: CallTimeoutException: ");
  }

  @Test
  void anUnreachableServerIsAConnectionError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CommandLineTest.Run run = CommandLineTest.run("call", "127.0.0.1:" + closedPort, "echo", "\"hi\"", "--protocol", "tcp", "--timeout", "2000");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ");
  }

  /** Issue 15 §3.3/3.4: what a user sees for an unknown host and for the wrong --protocol, on both transports. */
  @Test
  void connectionErrorsAreOneLine() {
    for (String protocol : new String[] {"zmq", "tcp"}) {
      CommandLineTest.Run unknown = CommandLineTest.run("call", "no-such-host.invalid:5559", "hello_world",
          "--protocol", protocol, "--timeout", "30000");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).startsWith("error: ConnectionException: Cannot connect to no-such-host.invalid:5559: "
          + "unknown host no-such-host.invalid").hasLineCount(1);
    }
    CommandLineTest.Run zmqToTcp = CommandLineTest.run("call", tcpAddress, "hello_world", "--timeout", "30000");
    assertThat(zmqToTcp.err()).isEqualTo("error: ConnectionException: The server at " + tcpAddress + " closes every "
        + "connection during the ZeroMQ handshake: it may speak raw TCP (use --protocol tcp, Protocol.TCP), or require "
        + "CURVE (give its public key: --curve-server-key)\n");
    CommandLineTest.Run tcpToZmq = CommandLineTest.run("call", address, "hello_world", "--protocol", "tcp", "--timeout",
        "30000");
    assertThat(tcpToZmq.err()).startsWith("error: ConnectionException: ").contains("use --protocol zmq").hasLineCount(1);
  }

  /** The address form `call --help` suggests for IPv6 (skipped where the loopback has no IPv6). */
  @Test
  void anIpv6AddressInBracketsIsCalled() {
    ZeroServer v6;
    try {
      v6 = ExampleServer.register(ZeroServer.builder().host("::1").port(0).shutdownGracePeriod(Duration.ofSeconds(1))
          .build()).start();
    } catch (io.zeroapi.ConnectionException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try {
      CommandLineTest.Run run = CommandLineTest.run("call", "[::1]:" + v6.port(), "hello_world");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo("\"hello world\"\n");
    } finally {
      v6.close();
    }
  }

  @Test
  void demoSucceeds() {
    CommandLineTest.Run run = CommandLineTest.run("demo", "--throughput-seconds", "0.3");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("[tcp sync ] hello_world() -> \"hello world\"")
        .contains("[tcp async] fail(\"boom\") -> RemoteException: RuntimeException('boom')")
        .contains("calls/s");
    // the demo says what serves: libzmq where it can be used (CI installs it), else JeroMQ
    String engine = io.zeroapi.internal.zmq.ZmqEngines.libzmqUnavailable() == null ? "libzmq" : "JeroMQ";
    assertThat(run.out()).containsPattern("\\[zmq\\] example server on 127\\.0\\.0\\.1:\\d+ \\(ZeroMQ on " + engine)
        .containsPattern("\\[tcp\\] example server on 127\\.0\\.0\\.1:\\d+ \\(raw TCP on Netty");
  }

  @Test
  void keygenKeysEncryptTheZeroMqTransport() {
    CommandLineTest.Run keygen = CommandLineTest.run("keygen");
    assertThat(keygen.exitCode()).isZero();
    String[] lines = keygen.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("public-key: ");
    assertThat(lines[1]).startsWith("secret-key: ");
    CurveKeys keys = CurveKeys.of(lines[0].substring(12), lines[1].substring(12));
    ZeroServer secure = ExampleServer.register(ZeroServer.builder().curve(keys)
        .host("127.0.0.1").port(0).shutdownGracePeriod(Duration.ofSeconds(1)).build()).start();
    try {
      String secureAddress = "127.0.0.1:" + secure.port();
      CommandLineTest.Run ok = CommandLineTest.run("call", secureAddress, "echo", "\"secret\"", "--curve-server-key", keys.publicKey());
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      assertThat(ok.out()).isEqualTo("\"secret\"\n");
      String wrongKey = CurveKeys.generate().publicKey();
      CommandLineTest.Run refused = CommandLineTest.run("call", secureAddress, "echo", "\"secret\"", "--curve-server-key", wrongKey, "--timeout", "500");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).doesNotContain("refused this client's CURVE public key"); // no allow-list here
      if (io.zeroapi.internal.zmq.ZmqEngines.libzmqUnavailable() == null) {
        // libzmq sees the server close the connection in the CURVE handshake, and says so at once
        assertThat(refused.err()).startsWith("error: ConnectionException: ").contains("or have another key pair");
      } else {
        // JeroMQ reports the greetings only: the handshake never completes (a timeout), or the server
        // ends the connection after the request was taken (a ConnectionException that names CURVE)
        assertThat(refused.err()).satisfiesAnyOf(
            err -> assertThat(err).startsWith("error: CallTimeoutException"),
            err -> assertThat(err).startsWith("error: ConnectionException: ").contains("check --curve-server-key"));
      }
    } finally {
      secure.close();
    }
  }

  /** serve --curve-allow's server (built here) lets in call --curve-client-key, and refuses another key by name. */
  @Test
  void curveClientKeysAreAuthenticated() {
    CurveKeys serverKeys = CurveKeys.generate();
    CurveKeys client = CurveKeys.generate();
    CurveKeys stranger = CurveKeys.generate();
    ZeroServer secure = ExampleServer.register(ZeroServer.builder().curve(serverKeys, java.util.List.of(client.publicKey()))
        .host("127.0.0.1").port(0).shutdownGracePeriod(Duration.ofSeconds(1)).build()).start();
    try {
      String address = "127.0.0.1:" + secure.port();
      CommandLineTest.Run ok = CommandLineTest.run("call", address, "echo", "\"in\"", "--curve-server-key",
          serverKeys.publicKey(), "--curve-client-key", client.publicKey(), "--curve-client-secret-key", client.secretKey());
      assertThat(ok.exitCode()).as(ok.err()).isZero();
      assertThat(ok.out()).isEqualTo("\"in\"\n");
      CommandLineTest.Run refused = CommandLineTest.run("call", address, "echo", "\"in\"", "--curve-server-key",
          serverKeys.publicKey(), "--curve-client-key", stranger.publicKey(), "--curve-client-secret-key",
          stranger.secretKey(), "--timeout", "30000");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).startsWith("error: ConnectionException: The server at " + address
          + " refused this client's CURVE public key " + stranger.publicKey() + " (ZAP status 400)");
    } finally {
      secure.close();
    }
  }
}
