package io.zeroapi.internal.zmq;

import static io.zeroapi.internal.zmq.ZmqTestSupport.msgpack;
import static io.zeroapi.testing.TransportCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zeroapi.ConnectionException;
import io.zeroapi.CurveKeys;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroMqEngine;
import io.zeroapi.ZeroServer;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * CURVE client authentication: a server with an allow-list of client public keys, enforced by its
 * ZAP handler ({@link ZapHandler}), on the engine the build selects (the default run and the
 * JeroMQ rerun). A refused client is told so at once, naming its key: its calls' timeouts are 30 s,
 * so a {@link ConnectionException} (not a timeout) shows they did not wait.
 */
@Timeout(60)
class ZmqCurveAuthTest {
  private static final CurveKeys serverKeys = CurveKeys.generate();
  private static final CurveKeys allowedKeys = CurveKeys.generate();
  private static final CurveKeys otherAllowedKeys = CurveKeys.generate();
  private static ZmqTestSupport.RecordingHandler handler;
  private static ZmqServerTransport server;
  private static final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private static final Logger zapLog = (Logger) LoggerFactory.getLogger(ZapHandler.class);

  @BeforeAll
  static void start() {
    logged.start();
    zapLog.addAppender(logged);
    handler = ZmqTestSupport.RecordingHandler.echo();
    server = new ZmqServerTransport(ZmqTestSupport.serverSettings(0, 1 << 20, serverKeys.secretKey())
        .withCurveAllowedClients(Set.of(allowedKeys.publicKey(), otherAllowedKeys.publicKey())), handler);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    zapLog.detachAppender(logged);
  }

  private static ClientSettings settings(CurveKeys clientKeys) {
    return ZmqTestSupport.clientSettings(server.port(), serverKeys.publicKey()).withCurveClientKeys(clientKeys);
  }

  private static Throwable failure(CompletableFuture<Reply> call) throws Exception {
    return ZmqTestSupport.failure(call, 40);
  }

  private static String refusedMessage(String key) {
    return "The server at 127.0.0.1:" + server.port() + " refused this client's CURVE public key " + key
        + " (ZAP status 400): it lets in only the client keys on its allow-list; add this key to it (--curve-allow)"
        + ", or give this client a key pair that is on it (--curve-client-key)";
  }

  @Test
  void aClientOnTheAllowListIsServed() throws Exception {
    try (ZmqClientTransport client = new ZmqClientTransport(settings(allowedKeys))) {
      assertThat(call(client, "echo", "in", 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("in"));
    }
  }

  @Test
  void aClientNotOnTheAllowListIsRefusedAtOnceNamingItsKeyAndTheServerLogsIt() throws Exception {
    CurveKeys stranger = CurveKeys.generate();
    int before = handler.calls.get();
    try (ZmqClientTransport client = new ZmqClientTransport(settings(stranger))) {
      assertThat(failure(call(client, "echo", "x", 30_000)))
          .isInstanceOf(ConnectionException.class)
          .hasMessage(refusedMessage(stranger.publicKey()));
    }
    assertThat(handler.calls.get()).isEqualTo(before);
    List<String> warnings = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(logged.list)) {
      if (event.getLevel() == Level.WARN) {
        warnings.add(event.getFormattedMessage());
      }
    }
    assertThat(warnings).as("throttled: one line per 10 s, whatever the test order").isNotEmpty();
    assertThat(warnings).allMatch(line -> line.matches("Refused a CURVE client not on the allow-list: key [^ ]{40} from 127\\.0\\.0\\.1 "
        + "\\(handshake refused; \\d+ such handshake\\(s\\) since the last line\\)"));
  }

  /** A client without a key pair of its own makes an ephemeral one, which no allow-list holds. */
  @Test
  void aClientWithAnEphemeralKeyIsRefused() throws Exception {
    try (ZmqClientTransport client = new ZmqClientTransport(settings(null))) {
      assertThat(failure(call(client, "echo", "x", 30_000)))
          .isInstanceOf(ConnectionException.class)
          .hasMessageStartingWith("The server at 127.0.0.1:" + server.port() + " refused this client's CURVE public key ")
          .hasMessageContaining("(ZAP status 400)");
    }
  }

  @Test
  void allowedClientsKeepWorkingWhileARefusedOneKeepsRedialling() throws Exception {
    CurveKeys stranger = CurveKeys.generate();
    try (ZmqClientTransport refused = new ZmqClientTransport(settings(stranger));
        ZmqClientTransport first = new ZmqClientTransport(settings(allowedKeys));
        ZmqClientTransport second = new ZmqClientTransport(settings(otherAllowedKeys))) {
      assertThat(failure(call(refused, "echo", "x", 30_000))).isInstanceOf(ConnectionException.class);
      long refusals = server.curveRefusals();
      for (int i = 0; i < 20; i++) {
        assertThat(call(first, "echo", "a" + i, 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("a" + i));
        assertThat(call(second, "echo", "b" + i, 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("b" + i));
      }
      // The refused client redials by itself (backing off), and is refused again each time.
      await().atMost(Duration.ofSeconds(20)).until(() -> server.curveRefusals() > refusals);
      assertThat(failure(call(refused, "echo", "y", 30_000))).isInstanceOf(ConnectionException.class)
          .hasMessage(refusedMessage(stranger.publicKey()));
      assertThat(call(first, "echo", "after", 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("after"));
    }
  }

  /**
   * A client let in, whose server comes back (same port) with an allow-list without its key: its
   * next calls fail at once naming the key (the engine reports the refusal of the new handshake,
   * after which it would not redial by itself), and it gets in again once the key is back.
   */
  @Test
  void aClientLetInIsToldWhenARestartedServerRefusesItsKey() throws Exception {
    ZmqServerTransport first = new ZmqServerTransport(ZmqTestSupport.serverSettings(0, 1 << 20, serverKeys.secretKey())
        .withCurveAllowedClients(Set.of(allowedKeys.publicKey())), handler);
    first.start();
    int port = first.port();
    try (ZmqClientTransport client = new ZmqClientTransport(ZmqTestSupport.clientSettings(port, serverKeys.publicKey())
        .withCurveClientKeys(allowedKeys))) {
      assertThat(call(client, "echo", "before", 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("before"));
      first.close();
      ZmqServerTransport second = new ZmqServerTransport(ZmqTestSupport.serverSettings(port, 1 << 20,
          serverKeys.secretKey()).withCurveAllowedClients(Set.of(otherAllowedKeys.publicKey())), handler);
      second.start();
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> second.curveRefusals() > 0);
        assertThat(failure(call(client, "echo", "refused", 30_000))).isInstanceOf(ConnectionException.class)
            .hasMessageContaining("refused this client's CURVE public key " + allowedKeys.publicKey());
      } finally {
        second.close();
      }
      ZmqServerTransport third = new ZmqServerTransport(ZmqTestSupport.serverSettings(port, 1 << 20,
          serverKeys.secretKey()).withCurveAllowedClients(Set.of(allowedKeys.publicKey())), handler);
      third.start();
      try {
        // Calls fail at once with the refusal until the client's next redial (backing off) gets in.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
            assertThat(call(client, "echo", "back", 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("back")));
      } finally {
        third.close();
      }
    }
  }

  /** The handler answers what is not a CURVE ZAP 1.0 request, and goes on answering. */
  @Test
  void theZapHandlerAnswersMalformedRequestsAndGoesOn() {
    ZmqContext context = ZmqEngines.resolve(ZeroMqEngine.AUTO).newContext(1);
    try (ZapHandler zap = new ZapHandler(context, Set.of(allowedKeys.publicKey()))) {
      ZmqSocket peer = context.dealer(); // speaks to the REP socket as the engines do: an empty delimiter first
      peer.setLinger(0);
      peer.connect(ZapHandler.ENDPOINT, null);
      byte[] key = ZMQ.Curve.z85Decode(allowedKeys.publicKey());
      assertThat(exchange(zap, peer, "2.0", "7", "", "127.0.0.1", "", "CURVE", key)).containsExactly("1.0", "7", "500",
          "malformed ZAP request", "", "");
      assertThat(exchange(zap, peer, "1.0")).containsExactly("1.0", "", "500", "malformed ZAP request", "", "");
      assertThat(exchange(zap, peer, "1.0", "8", "", "127.0.0.1", "", "PLAIN", "user", "password"))
          .containsExactly("1.0", "8", "400", "CURVE required", "", "");
      assertThat(exchange(zap, peer, "1.0", "9", "", "127.0.0.1", "", "CURVE", new byte[5]))
          .containsExactly("1.0", "9", "500", "malformed CURVE credentials", "", "");
      assertThat(exchange(zap, peer, "1.0", "10", "", "127.0.0.1", "", "CURVE", key))
          .containsExactly("1.0", "10", "200", "OK", allowedKeys.publicKey(), "");
      assertThat(exchange(zap, peer, "1.0", "11", "", "127.0.0.1", "", "CURVE",
          ZMQ.Curve.z85Decode(CurveKeys.generate().publicKey())))
          .containsExactly("1.0", "11", "400", "CURVE key not allowed", "", "");
      peer.close();
    } finally {
      context.close();
    }
  }

  /** Sends one request (frames of text or bytes) to the handler, serves it, and returns the reply as text. */
  private static List<String> exchange(ZapHandler zap, ZmqSocket peer, Object... frames) {
    peer.send(new byte[0], true);
    for (int i = 0; i < frames.length; i++) {
      byte[] frame = frames[i] instanceof byte[] bytes ? bytes : ((String) frames[i]).getBytes(StandardCharsets.US_ASCII);
      peer.send(frame, i < frames.length - 1);
    }
    await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(zap::serve);
    List<String> reply = new ArrayList<>();
    assertThat(peer.receive(false)).as("the REP envelope's delimiter").isEmpty();
    while (peer.hasMore()) {
      reply.add(new String(peer.receive(false), StandardCharsets.US_ASCII));
    }
    return reply;
  }

  /**
   * CURVE between the engines, both ways: a JeroMQ client of a libzmq server (said not to work with
   * JeroMQ 0.6.0 and libzmq 4.3 in earlier notes; it does) and a libzmq client of a JeroMQ server,
   * each allowed with its key and refused with another. Where libzmq loads.
   */
  @Test
  void theAllowListWorksBetweenTheEngines() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ZmqEngines.libzmqUnavailable() == null, "libzmq is not loaded here");
    for (ZeroMqEngine serverEngine : List.of(ZeroMqEngine.LIBZMQ, ZeroMqEngine.JEROMQ)) {
      ZeroMqEngine clientEngine = serverEngine == ZeroMqEngine.LIBZMQ ? ZeroMqEngine.JEROMQ : ZeroMqEngine.LIBZMQ;
      ZmqServerTransport other = new ZmqServerTransport(ZmqTestSupport.serverSettings(0, 1 << 20, serverKeys.secretKey())
          .withCurveAllowedClients(Set.of(allowedKeys.publicKey())).withZmqEngine(serverEngine), handler);
      other.start();
      try {
        ClientSettings base = ZmqTestSupport.clientSettings(other.port(), serverKeys.publicKey()).withZmqEngine(clientEngine);
        try (ZmqClientTransport allowed = new ZmqClientTransport(base.withCurveClientKeys(allowedKeys));
            ZmqClientTransport stranger = new ZmqClientTransport(base.withCurveClientKeys(otherAllowedKeys))) {
          assertThat(call(allowed, "echo", "across", 5_000).get(10, TimeUnit.SECONDS).payload())
              .as(clientEngine + " client of a " + serverEngine + " server").isEqualTo(msgpack("across"));
          assertThat(failure(call(stranger, "echo", "x", 30_000))).as(clientEngine + " client of a " + serverEngine + " server")
              .isInstanceOf(ConnectionException.class)
              .hasMessageContaining("refused this client's CURVE public key " + otherAllowedKeys.publicKey());
        }
      } finally {
        other.close();
      }
    }
  }

  /**
   * Servers with an allow-list, each used by an allowed and a refused client and closed, leave the
   * JVM's threads and open descriptors where they were: the ZAP handler has no thread, and its
   * socket closes with the server.
   */
  @Test
  void closedServersWithAnAllowListLeaveNoThreadOrDescriptor() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")));
    cycle(); // loads the classes (and the jars they come from) first
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    int descriptorsBefore = openDescriptors();
    for (int i = 0; i < 10; i++) {
      cycle();
    }
    List<Thread> left = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !threadsBefore.contains(t) && !(t instanceof java.util.concurrent.ForkJoinWorkerThread)).toList();
    for (Thread thread : left) { // a stopped thread may still be on its way out
      thread.join(10_000);
    }
    assertThat(left.stream().filter(Thread::isAlive).map(Thread::getName).toList()).isEmpty();
    // A descriptor per server would show as 10 or more; a margin of 2 for the rest of the test JVM.
    assertThat(openDescriptors()).isBetween(descriptorsBefore - 2, descriptorsBefore + 2);
  }

  private static void cycle() throws Exception {
    ZmqServerTransport one = new ZmqServerTransport(ZmqTestSupport.serverSettings(0, 1 << 20, serverKeys.secretKey())
        .withCurveAllowedClients(Set.of(allowedKeys.publicKey())), handler);
    one.start();
    try {
      ClientSettings base = ZmqTestSupport.clientSettings(one.port(), serverKeys.publicKey());
      try (ZmqClientTransport allowed = new ZmqClientTransport(base.withCurveClientKeys(allowedKeys));
          ZmqClientTransport refused = new ZmqClientTransport(base.withCurveClientKeys(otherAllowedKeys))) {
        assertThat(call(allowed, "echo", "c", 5_000).get(10, TimeUnit.SECONDS).payload()).isEqualTo(msgpack("c"));
        assertThat(failure(call(refused, "echo", "c", 30_000))).isInstanceOf(ConnectionException.class);
      }
    } finally {
      one.close();
    }
  }

  private static int openDescriptors() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> entries = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return (int) entries.count();
    }
  }

  @Test
  void aMalformedOrEmptyAllowListIsRefusedWhenTheServerIsBuilt() {
    assertThatThrownBy(() -> ZeroServer.builder().curve(serverKeys, List.of(allowedKeys.publicKey(), "not a key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allowed client public key 2 of 2 (\"not a key\") must be 40 characters of Z85 text, got 9");
    String badZ85 = "~".repeat(40);
    assertThatThrownBy(() -> ZeroServer.builder().curve(serverKeys, List.of(badZ85)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allowed client public key 1 of 1 (\"" + badZ85 + "\") is not valid Z85 text");
    assertThatThrownBy(() -> ZeroServer.builder().curve(serverKeys, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("allowedClientPublicKeys is empty: no client could connect");
  }

  /** The public API end to end: an allowed client with its own pair is served, another refused. */
  @Test
  void theBuildersWireItUp() throws Exception {
    CurveKeys stranger = CurveKeys.generate();
    try (ZeroServer zero = ZeroServer.builder().host("127.0.0.1").port(0)
            .shutdownGracePeriod(Duration.ofMillis(100))
            .curve(serverKeys, List.of(allowedKeys.publicKey())).build()) {
      zero.register("hello", () -> "hi");
      zero.start();
      try (ZeroClient allowed = ZeroClient.builder("127.0.0.1", zero.port())
              .curve(serverKeys.publicKey(), allowedKeys).timeout(Duration.ofSeconds(30)).build();
          ZeroClient refused = ZeroClient.builder("127.0.0.1", zero.port())
              .curve(serverKeys.publicKey(), stranger).timeout(Duration.ofSeconds(30)).build()) {
        assertThat(allowed.call("hello", String.class)).isEqualTo("hi");
        assertThatThrownBy(() -> refused.call("hello", String.class))
            .isInstanceOf(ConnectionException.class)
            .hasMessageContaining("refused this client's CURVE public key " + stranger.publicKey());
      }
    }
  }
}
