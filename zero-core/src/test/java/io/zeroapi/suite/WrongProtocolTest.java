package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zeroapi.ConnectionException;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A client of one transport pointed at a server of the other: both sides recognise the other
 * protocol's first bytes and say so, instead of a timeout or "frame length 4278190080 > max". The
 * calls' timeouts are 30 s: a ConnectionException (not a CallTimeoutException) shows the call did
 * not wait them out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WrongProtocolTest {

  private static ZeroServer server(Protocol protocol) {
    ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol)
        .shutdownGracePeriod(Duration.ofSeconds(1)).build();
    server.register("hello_world", () -> "hello world");
    return server.start();
  }

  /**
   * The ZeroMQ client sees the TCP server close each connection during the ZMTP handshake (on the
   * engine of the test run: the build runs this class on libzmq and again on JeroMQ).
   */
  @Test
  void aZeroMqClientOfATcpServerFailsSayingSoAndTheServerLogsIt() {
    Logger handlerLog = (Logger) LoggerFactory.getLogger("io.zeroapi.internal.tcp.ServerConnectionHandler");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    handlerLog.addAppender(logged);
    try (ZeroServer tcp = server(Protocol.TCP);
        ZeroClient client = ZeroClient.builder("127.0.0.1", tcp.port()).protocol(Protocol.ZMQ)
            .timeout(Duration.ofSeconds(30)).build()) {
      String expected = "The server at 127.0.0.1:" + tcp.port() + " closes every connection during the ZeroMQ "
          + "handshake: it may speak raw TCP (use --protocol tcp, Protocol.TCP), or require CURVE (give its public "
          + "key: --curve-server-key)";
      assertThatThrownBy(() -> client.call("hello_world", String.class))
          .isInstanceOf(ConnectionException.class)
          .hasMessage(expected);
      assertThatThrownBy(() -> client.call("hello_world", String.class))
          .as("later calls fail at once too while the server does not speak ZeroMQ")
          .isInstanceOf(ConnectionException.class)
          .hasMessage(expected);
      assertThat(logged.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .first()
          .extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .matches("Peer 127\\.0\\.0\\.1:\\d+ speaks ZeroMQ \\(ZMTP\\); this server speaks raw TCP: use --protocol tcp "
              + "on the client \\(connection closed; 1 such connection\\(s\\) since the last line\\)");
      assertThat(logged.list).as("throttled: one line per 10 s").filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
    } finally {
      handlerLog.detachAppender(logged);
    }
  }

  /**
   * A ZeroMQ server sends its ZMTP greeting as it accepts (recognised: the first message), unless
   * the request reaches it first: JeroMQ then closes without a greeting (the second message, a
   * hint, as a server that closes before any reply may also have crashed).
   */
  @Test
  void aTcpClientOfAZeroMqServerFailsSayingSo() {
    try (ZeroServer zmq = server(Protocol.ZMQ);
        ZeroClient client = ZeroClient.builder("127.0.0.1", zmq.port()).protocol(Protocol.TCP)
            .timeout(Duration.ofSeconds(30)).build()) {
      String address = "127.0.0.1:" + zmq.port();
      for (int i = 0; i < 3; i++) { // the back-off after the first is too short to matter here
        assertThatThrownBy(() -> client.call("hello_world", String.class))
            .isInstanceOf(ConnectionException.class)
            .hasMessageContaining(address)
            .hasMessageContaining("use --protocol zmq");
      }
    }
  }

  /** The TCP client recognises the greeting of a ZeroMQ peer that speaks first (as libzmq does at once). */
  @Test
  void aTcpClientRecognisesAZmtpGreeting() throws Exception {
    try (java.net.ServerSocket zmtp = new java.net.ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"));
        ZeroClient client = ZeroClient.builder("127.0.0.1", zmtp.getLocalPort()).protocol(Protocol.TCP)
            .timeout(Duration.ofSeconds(30)).build()) {
      Thread greeter = Thread.ofVirtual().start(() -> {
        try (java.net.Socket peer = zmtp.accept()) {
          peer.getOutputStream().write(new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 3});
          peer.getInputStream().readAllBytes(); // until the client closes
        } catch (java.io.IOException ignored) {
          // the client closed: done
        }
      });
      assertThatThrownBy(() -> client.call("hello_world", String.class))
          .isInstanceOf(ConnectionException.class)
          .hasMessage("The server at 127.0.0.1:" + zmtp.getLocalPort() + " speaks ZeroMQ (ZMTP), not raw TCP: use "
              + "--protocol zmq (Protocol.ZMQ)");
      greeter.join();
    }
  }
}
