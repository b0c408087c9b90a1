package io.zeroapi.internal.zmq;

import static io.zeroapi.testing.TransportCalls.call;
import static io.zeroapi.internal.zmq.ZmqTestSupport.msgpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.CurveKeys;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import io.zeroapi.internal.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CURVE encryption on the ZeroMQ transport (reliability-security §2.7 E8). */
@Timeout(60)
class ZmqCurveTest {
  private static final CurveKeys serverKeys = CurveKeys.generate();
  private static ZmqTestSupport.RecordingHandler handler;
  private static ZmqServerTransport server;

  @BeforeAll
  static void start() {
    handler = ZmqTestSupport.RecordingHandler.echo();
    server = new ZmqServerTransport(ZmqTestSupport.serverSettings(0, 1 << 20, serverKeys.secretKey()), handler);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Throwable failure(CompletableFuture<Reply> call) throws Exception {
    return ZmqTestSupport.failure(call, 10);
  }

  @Test
  void clientWithTheServersPublicKeyIsServed() throws Exception {
    try (ZmqClientTransport client = new ZmqClientTransport(
        ZmqTestSupport.clientSettings(server.port(), serverKeys.publicKey()))) {
      assertThat(call(client, "echo", "secret", 5_000).get(5, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("secret"));
    }
  }

  @Test
  void clientWithAWrongServerKeyNeverReachesTheHandler() throws Exception {
    int before = handler.calls.get();
    try (ZmqClientTransport client = new ZmqClientTransport(
        ZmqTestSupport.clientSettings(server.port(), CurveKeys.generate().publicKey()))) {
      boolean libzmq = client.engine().name().equals("libzmq");
      Throwable failure = failure(call(client, "echo", "x", libzmq ? 30_000 : 1_000));
      if (libzmq) {
        // libzmq sees the server close each connection during the CURVE handshake, and says so
        assertThat(failure).isInstanceOf(ConnectionException.class)
            .hasMessageEndingWith("or have another key pair (check --curve-server-key)");
      } else {
        // JeroMQ reports the greetings, not the CURVE handshake: the request is taken, then the server
        // ends the connection (the call fails, naming CURVE), or the handshake never completes (it times out).
        assertThat(failure).isInstanceOfAny(CallTimeoutException.class, ConnectionException.class);
        if (failure instanceof ConnectionException) {
          assertThat(failure).hasMessageContaining("check --curve-server-key");
        }
      }
    }
    assertThat(handler.calls.get()).isEqualTo(before);
  }

  /** The client sees the server close before the greetings are exchanged, and says so. */
  @Test
  void plainClientNeverReachesTheHandler() throws Exception {
    int before = handler.calls.get();
    try (ZmqClientTransport client = new ZmqClientTransport(
        ZmqTestSupport.clientSettings(server.port(), null))) {
      assertThat(failure(call(client, "echo", "x", 30_000)))
          .isInstanceOf(ConnectionException.class)
          .hasMessageEndingWith("closes every connection during the ZeroMQ handshake: it may speak raw TCP "
              + "(use --protocol tcp, Protocol.TCP), or require CURVE (give its public key: --curve-server-key)");
    }
    assertThat(handler.calls.get()).isEqualTo(before);
  }

  @Test
  void keysAreZ85AndValidated() {
    assertThat(serverKeys.publicKey()).hasSize(40);
    assertThat(serverKeys.secretKey()).hasSize(40);
    assertThat(CurveKeys.of(serverKeys.publicKey(), serverKeys.secretKey()).publicKey()).isEqualTo(serverKeys.publicKey());
    assertThat(serverKeys.toString()).doesNotContain(serverKeys.secretKey());
    assertThatThrownBy(() -> CurveKeys.of("short", serverKeys.secretKey())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZeroClient.builder("localhost", 1).curve("not a key")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPairOfKeysFromTwoPairsIsRefused() {
    CurveKeys other = CurveKeys.generate();
    assertThat(CurveKeys.publicKeyOf(serverKeys.secretKey())).isEqualTo(serverKeys.publicKey());
    assertThat(CurveKeys.publicKeyOf(other.secretKey())).isEqualTo(other.publicKey());
    assertThatThrownBy(() -> CurveKeys.of(other.publicKey(), serverKeys.secretKey()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the public key " + other.publicKey() + " is not the one of the secret key given (its public key is "
            + serverKeys.publicKey() + "): the two keys come from different pairs")
        .hasMessageNotContaining(serverKeys.secretKey());
  }

  @Test
  void curveIsRefusedWithTheTcpProtocol() {
    assertThatThrownBy(() -> ZeroServer.builder().codec(ZmqTestSupport.FakeCodec.INSTANCE)
            .protocol(Protocol.TCP).curve(serverKeys).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZMQ-only");
    assertThatThrownBy(() -> ZeroClient.builder("localhost", 1).codec(ZmqTestSupport.FakeCodec.INSTANCE)
            .protocol(Protocol.TCP).curve(serverKeys.publicKey()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZMQ-only");
  }
}
