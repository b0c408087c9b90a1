package io.zeroapi.internal.zmq;

import static io.zeroapi.internal.zmq.ZmqTestSupport.msgpack;
import static io.zeroapi.internal.zmq.ZmqTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeroapi.internal.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Peers that attack the ZMTP layer (reliability-security §2.7 E1, E3): a peer that greets and goes
 * silent is dropped after the handshake interval, and a ZMTP 2.0 peer declaring a frame of
 * 2^64 - 1 bytes (the CVE-2019-6250 shape) does not stop the server from serving others. Runs on
 * the default engine and, in the build's JeroMQ run, on JeroMQ.
 */
@Timeout(60)
class ZmqHostilePeersTest {
  /** The server's ZMTP handshake bound in these tests (the default is 30 s). */
  private static final int HANDSHAKE_MILLIS = 300;

  private ZmqTestSupport.RecordingHandler handler;
  private ZmqServerTransport server;
  private final ZContext context = new ZContext();

  private void start(ServerSettings settings) {
    handler = ZmqTestSupport.RecordingHandler.echo();
    server = new ZmqServerTransport(settings, handler);
    server.start();
  }

  @AfterEach
  void stop() {
    context.close();
    if (server != null) {
      server.close();
    }
  }

  private void assertServes(ZMQ.Socket dealer, String text) {
    byte[] id = ZmqTestSupport.id(text.length());
    assertThat(dealer.send(request(id, "echo", msgpack(text)))).isTrue();
    assertThat(dealer.recv()).as("reply to a normal call").isEqualTo(ZmqFrames.reply(id, msgpack(text)));
  }

  /**
   * Reads what the server sends until it closes the connection; fails if the connection is quiet
   * for 10 s (a third of the default handshake interval: with it, the peer would not be dropped).
   */
  private static void assertDropped(Socket raw, String why) throws IOException {
    raw.setSoTimeout(10_000);
    InputStream in = raw.getInputStream();
    try {
      while (in.read() >= 0) {
        // the server's greeting, then nothing
      }
    } catch (SocketException reset) {
      // dropped with a reset: as good as an EOF
    } catch (SocketTimeoutException e) {
      throw new AssertionError(why, e);
    }
  }

  /** The ZMTP 3.0 greeting of a NULL client (64 bytes). */
  private static byte[] zmtp3Greeting() {
    byte[] g = new byte[64];
    byte[] head = HexFormat.of().parseHex("ff00000000000000017f" + "0300" + "4e554c4c"); // signature, 3.0, "NULL"
    System.arraycopy(head, 0, g, 0, head.length);
    return g;
  }

  @Test
  void e1APeerThatSendsPartOfItsGreetingAndGoesSilentIsDroppedAfterTheHandshakeInterval() throws IOException {
    start(ZmqTestSupport.serverSettings().withZmqHandshakeMillis(HANDSHAKE_MILLIS));
    ZMQ.Socket good = ZmqTestSupport.dealer(context, server.port(), 5_000);
    assertServes(good, "before");
    try (Socket partial = new Socket("127.0.0.1", server.port())) {
      partial.getOutputStream().write(HexFormat.of().parseHex("ff00000000000000017f")); // the signature alone
      assertServes(good, "while a peer is silent");
      assertDropped(partial, "a peer silent after the signature was not dropped");
    }
    assertServes(good, "after");
    assertThat(handler.calls.get()).isEqualTo(3);
  }

  /**
   * The whole greeting, then silence: libzmq bounds the handshake until the mechanism's READY, so
   * the peer is dropped. JeroMQ 0.6.0 stops its handshake timer once the greetings are exchanged
   * ({@code StreamEngine.handshake}), so such a peer stays connected: not run there (see
   * docs/bad-input-coverage.md, E1).
   */
  @Test
  void e1APeerThatSendsItsWholeGreetingAndGoesSilentIsDroppedOnLibzmq() throws IOException {
    start(ZmqTestSupport.serverSettings().withZmqHandshakeMillis(HANDSHAKE_MILLIS));
    assumeTrue(server.engine().name().equals("libzmq"),
        "JeroMQ 0.6.0 stops the handshake timer after the greeting: a peer silent after it is not dropped");
    ZMQ.Socket good = ZmqTestSupport.dealer(context, server.port(), 5_000);
    assertServes(good, "before");
    try (Socket whole = new Socket("127.0.0.1", server.port())) {
      whole.getOutputStream().write(zmtp3Greeting()); // a whole greeting, then nothing
      assertServes(good, "while a peer is silent");
      assertDropped(whole, "a peer silent after its greeting was not dropped");
    }
    assertServes(good, "after");
    assertThat(handler.calls.get()).isEqualTo(3);
  }

  @Test
  void e1TheHandshakeIntervalDefaultsToThirtySeconds() {
    assertThat(ZmqTestSupport.serverSettings().zmqHandshakeMillis()).isEqualTo(30_000);
  }

  /**
   * E3: the peer is dropped on libzmq (4.3.1 and later check a ZMTP 2.0 frame's size against
   * ZMQ_MAXMSGSIZE) and the server goes on serving. On JeroMQ 0.6.0 the size passed its checks
   * and killed the engine's I/O thread (JeroMQ issue #1005: NegativeArraySizeException, after which
   * nobody was served); its sockets now allocate through {@link JeromqSocket.SizeGuard}, which reads
   * such a frame as empty: that peer is not dropped (it is a peer sending garbage), and every other
   * peer is served.
   */
  @Test
  void e3AZmtp2FrameDeclaringTwoToTheSixtyFourBytesDoesNotStopTheServer() throws IOException {
    start(ZmqTestSupport.serverSettings());
    ZMQ.Socket good = ZmqTestSupport.dealer(context, server.port(), 5_000);
    assertServes(good, "before");
    try (Socket raw = new Socket("127.0.0.1", server.port())) {
      // ZMTP 2.0: signature, revision 1, socket type DEALER (5), an empty identity frame, then a
      // message frame, long form, declaring 0xffffffffffffffff bytes, and a few of them.
      raw.getOutputStream().write(HexFormat.of().parseHex("ff00000000000000017f" + "01" + "05" + "0000"
          + "02" + "ffffffffffffffff" + "41".repeat(64)));
      // and the low half 0x7fffffff, which JeroMQ 0.6.0 would have allocated (2 GiB)
      try (Socket second = new Socket("127.0.0.1", server.port())) {
        second.getOutputStream().write(HexFormat.of().parseHex("ff00000000000000017f" + "01" + "05" + "0000"
            + "02" + "ffffffff7fffffff" + "41".repeat(64)));
        if (server.engine().name().equals("libzmq")) {
          assertDropped(raw, "the peer of the CVE-2019-6250 frame was not dropped");
          assertDropped(second, "the peer of the second frame was not dropped");
        }
        assertServes(good, "after");
        ZMQ.Socket fresh = ZmqTestSupport.dealer(context, server.port(), 5_000);
        assertServes(fresh, "a new peer after");
      }
    }
    assertThat(handler.calls.get()).isEqualTo(3);
  }
}
