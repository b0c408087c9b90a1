package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.examples.ExampleServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code zero health}'s exit codes and line against a live server, a stopped one and a draining
 * one, on both transports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthCommandTest {
  private ZeroServer server;
  private Thread closer;

  @AfterEach
  void stop() throws InterruptedException {
    if (closer != null) {
      closer.interrupt();
      closer.join();
    }
    if (server != null) {
      server.close();
    }
  }

  private ZeroServer start(Protocol protocol, Duration drainDelay) {
    server = ExampleServer.register(ZeroServer.builder().protocol(protocol).host("127.0.0.1").port(0)
        .drainDelay(drainDelay).shutdownGracePeriod(Duration.ofSeconds(1)).build()).start();
    return server;
  }

  private static CommandLineTest.Run health(Protocol protocol, String address) {
    return CommandLineTest.run("health", address, "--protocol", protocol == Protocol.TCP ? "tcp" : "zmq",
        "--timeout", "1000");
  }

  private void liveThenDraining(Protocol protocol) {
    String address = "127.0.0.1:" + start(protocol, Duration.ofMinutes(5)).port();
    CommandLineTest.Run live = health(protocol, address);
    assertThat(live.exitCode()).as(live.err()).isZero();
    assertThat(live.out()).isEqualTo(address + " SERVING\n");
    assertThat(live.err()).isEmpty();

    closer = Thread.ofPlatform().start(server::close);
    CommandLineTest.Run draining = health(protocol, address);
    while (draining.exitCode() == 0) { // until the closer has begun the drain; no sleep needed
      draining = health(protocol, address);
    }
    assertThat(draining.exitCode()).as(draining.err()).isEqualTo(1);
    assertThat(draining.out()).isEqualTo(address + " NOT_SERVING\n");
  }

  @Test
  void liveThenDrainingOverTcp() {
    liveThenDraining(Protocol.TCP);
  }

  @Test
  void liveThenDrainingOverZeroMq() {
    liveThenDraining(Protocol.ZMQ);
  }

  @Test
  void aStoppedServerIsAFailureOnOneLine() {
    for (Protocol protocol : Protocol.values()) {
      ZeroServer stopped = start(protocol, Duration.ZERO);
      String address = "127.0.0.1:" + stopped.port();
      stopped.close();
      CommandLineTest.Run run = health(protocol, address);
      assertThat(run.exitCode()).as(protocol + ": " + run.err()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).startsWith("error: " + address + " ").endsWith("\n");
      assertThat(run.err().lines()).hasSize(1);
    }
  }

  @Test
  void aPythonServerWithoutTheHealthFunctionCountsAsServingWhenItAnswersConnect() throws Exception {
    try (FakeZmqServer python = new FakeZmqServer(FakeZmqServer::functionNotFound)) {
      String address = "127.0.0.1:" + python.port();
      CommandLineTest.Run run = health(Protocol.ZMQ, address);
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).isEqualTo(address + " SERVING (no zero.health; it answered connect)\n");
    }
  }

  @Test
  void anAnswerOfAnotherShapeIsNotServing() throws Exception {
    try (FakeZmqServer odd = new FakeZmqServer(name -> "ok")) {
      String address = "127.0.0.1:" + odd.port();
      CommandLineTest.Run run = health(Protocol.ZMQ, address);
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).isEqualTo(address + " NOT_SERVING (unexpected answer \"ok\")\n");
    }
  }

  @Test
  void aBusyServerStillServesAShuttingDownOneDoesNot() throws Exception {
    try (FakeZmqServer busy = new FakeZmqServer(name -> Map.of("__zerror__server_exception", "Server is busy: 1 calls are running"));
        FakeZmqServer closing = new FakeZmqServer(name -> Map.of("__zerror__server_exception", "Server is shutting down"))) {
      CommandLineTest.Run atCap = health(Protocol.ZMQ, "127.0.0.1:" + busy.port());
      assertThat(atCap.exitCode()).as(atCap.err()).isZero();
      assertThat(atCap.out()).endsWith(" SERVING (Server is busy: 1 calls are running)\n");
      CommandLineTest.Run stopping = health(Protocol.ZMQ, "127.0.0.1:" + closing.port());
      assertThat(stopping.exitCode()).isEqualTo(1);
      assertThat(stopping.out()).endsWith(" NOT_SERVING (Server is shutting down)\n");
    }
  }
}
