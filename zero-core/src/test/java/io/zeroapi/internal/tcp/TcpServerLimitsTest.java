package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connection cap and the global partial-frame budget of the TCP server (spec D1, D5). */
@Timeout(30)
class TcpServerLimitsTest {
  private static final int MAX_FRAME = 1 << 20;
  private static final long BUDGET = 64 * 1024;
  /** The most one read can add: Netty's adaptive receive buffer tops out at 64 KiB. */
  private static final long ONE_READ = 64 * 1024;
  /** A frame larger than the budget whose first half is not. */
  private static final int PAYLOAD = 96 * 1024;
  private static final int HALF = Frame.LENGTH_FIELD + Frame.ID_AND_FLAG + PAYLOAD / 2;

  /** {"fn": "echo", "data": "hi"} and the reply "hi". */
  private static final byte[] ECHO_CALL = Wire.hex("82a2666ea46563686fa464617461a26869");
  private static final byte[] ECHO_REPLY = Wire.hex("a26869");

  private static final RequestHandler ECHO = EnvelopeHandlers.of((payload, sink) -> sink.reply(payload, false));

  private TcpServerTransport server;
  private ZeroServer zeroServer;
  private final RawSockets sockets = new RawSockets();

  @AfterEach
  void tearDown() throws IOException {
    sockets.close();
    if (server != null) {
      server.close();
    }
    if (zeroServer != null) {
      zeroServer.close();
    }
  }

  private void start(long deadlineMillis, long budget) {
    server =
        new TcpServerTransport(
            ServerSettings.transport("127.0.0.1", 0, MAX_FRAME, 128, 2), ECHO, deadlineMillis, budget);
    server.start();
  }

  private Socket connect(int port) throws IOException {
    return sockets.connect(port, 2000);
  }

  private static byte[] bigFrame(int id) {
    byte[] payload = new byte[PAYLOAD];
    Arrays.fill(payload, (byte) id);
    return Wire.frame(id, 0, payload);
  }

  @Test
  void maxConnectionsBelowOneIsRefusedByTheBuilder() {
    assertThatThrownBy(() -> ZeroServer.builder().maxConnections(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnections must be at least 1: 0");
    assertThat(ZeroServer.builder().maxConnections(1)).isNotNull();
  }

  @Test
  void connectionOverTheCapIsClosedAtOnceAndServedAgainOnceBelowIt() throws Exception {
    zeroServer =
        ZeroServer.builder()
            .protocol(Protocol.TCP)
            .host("127.0.0.1")
            .port(0)
            .maxConnections(2)
            .build()
            .register("echo", String.class, s -> s)
            .start();
    int port = zeroServer.port();
    Socket first = connect(port);
    assertCall(first, 1);
    Socket second = connect(port);
    assertCall(second, 2);

    Socket third = connect(port);
    third.setSoTimeout(1000);
    assertThat(third.getInputStream().read()).as("closed by the server, nothing sent").isEqualTo(-1);
    assertCall(first, 3);
    assertCall(second, 4);

    first.close();
    // the server counts the close when it sees it: until then a new connection may still be refused
    await()
        .atMost(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(() -> assertCall(connect(port), 5));
    assertCall(second, 6);
  }

  private static void assertCall(Socket s, int id) throws IOException {
    s.getOutputStream().write(Wire.frame(id, 0, ECHO_CALL));
    assertThat(Wire.readFrame(s.getInputStream())).isEqualTo(Wire.frame(id, 0, ECHO_REPLY));
  }

  @Test
  void overTheBudgetTheSecondConnectionWaitsUntilTheFirstCompletes() throws Exception {
    start(TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS, BUDGET);
    PartialFrameBudget budget = server.partialFrames();
    byte[] frameA = bigFrame(1);
    byte[] frameB = bigFrame(2);
    Socket a = connect(server.port());
    Socket b = connect(server.port());

    a.getOutputStream().write(frameA, 0, HALF);
    await().atMost(Duration.ofSeconds(2)).until(() -> budget.held() == HALF);
    assertThat(budget.waiting()).isZero();

    AtomicLong maxHeld = new AtomicLong();
    Thread sampler =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    maxHeld.accumulateAndGet(budget.held(), Math::max);
                    Thread.onSpinWait();
                  }
                });
    b.getOutputStream().write(frameB, 0, HALF);
    await().atMost(Duration.ofSeconds(2)).until(() -> budget.waiting() == 1);
    b.getOutputStream().write(frameB, HALF, frameB.length - HALF);
    assertNoReplyFor(b, 300);
    sampler.interrupt();
    sampler.join();
    assertThat(budget.held()).isGreaterThan(BUDGET).isLessThanOrEqualTo(2L * HALF);
    assertThat(maxHeld.get()).isLessThanOrEqualTo(BUDGET + ONE_READ);
    assertThat(budget.waiting()).as("the second connection is paused").isEqualTo(1);

    a.getOutputStream().write(frameA, HALF, frameA.length - HALF);
    assertThat(Wire.readFrame(a.getInputStream())).isEqualTo(frameA);
    assertThat(Wire.readFrame(b.getInputStream())).as("resumed").isEqualTo(frameB);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> budget.held() == 0 && budget.waiting() == 0);
  }

  @Test
  void accountingReturnsToZeroWhenConnectionsCloseMidFrame() throws Exception {
    start(TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS, BUDGET);
    PartialFrameBudget budget = server.partialFrames();
    Socket a = connect(server.port());
    Socket b = connect(server.port());
    Socket idle = connect(server.port());
    a.getOutputStream().write(bigFrame(1), 0, HALF);
    await().atMost(Duration.ofSeconds(2)).until(() -> budget.held() == HALF);
    b.getOutputStream().write(bigFrame(2), 0, HALF);
    await().atMost(Duration.ofSeconds(2)).until(() -> budget.waiting() == 1);

    a.close(); // the runner goes first: the paused one must be resumed, then it goes too
    await().atMost(Duration.ofSeconds(2)).until(() -> budget.waiting() == 0);
    b.close();
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> budget.held() == 0 && server.connections() == 1);
    idle.getOutputStream().write(Wire.frame(7, 0, new byte[] {1, 2, 3}));
    assertThat(Wire.readFrame(idle.getInputStream())).isEqualTo(Wire.frame(7, 0, new byte[] {1, 2, 3}));
  }

  @Test
  void partialFrameClosedByTheDeadlineFreesItsBytes() throws Exception {
    start(300, BUDGET);
    PartialFrameBudget budget = server.partialFrames();
    Socket stalled = connect(server.port());
    stalled.getOutputStream().write(bigFrame(1), 0, 1000);
    await().atMost(Duration.ofSeconds(1)).until(() -> budget.held() == 1000);
    stalled.setSoTimeout(1500);
    assertThat(stalled.getInputStream().read()).as("closed by the deadline").isEqualTo(-1);
    await().atMost(Duration.ofSeconds(1)).until(() -> budget.held() == 0);
  }

  private static void assertNoReplyFor(Socket s, int millis) throws IOException {
    int before = s.getSoTimeout();
    s.setSoTimeout(millis);
    try {
      int b = s.getInputStream().read();
      throw new AssertionError("unexpected data or EOF: " + b);
    } catch (SocketTimeoutException expected) {
      // nothing came: still paused
    } finally {
      s.setSoTimeout(before);
    }
  }
}
