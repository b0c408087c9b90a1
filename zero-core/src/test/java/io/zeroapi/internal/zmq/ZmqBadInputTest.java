package io.zeroapi.internal.zmq;

import static io.zeroapi.internal.zmq.ZmqTestSupport.msgpack;
import static io.zeroapi.internal.zmq.ZmqTestSupport.request;
import static io.zeroapi.internal.zmq.ZmqTestSupport.tail;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Malformed messages and foreign traffic on the ZeroMQ port (reliability-security §2.7 E). */
@Timeout(60)
class ZmqBadInputTest {
  private static final int MAX_FRAME = 64 * 1024;

  private ZmqTestSupport.RecordingHandler handler;
  private ZmqServerTransport server;
  private ZContext context;

  @BeforeEach
  void start() {
    handler = ZmqTestSupport.RecordingHandler.echo();
    server = new ZmqServerTransport(ZmqTestSupport.serverSettings(0, MAX_FRAME, null), handler);
    server.start();
    context = new ZContext();
  }

  @AfterEach
  void stop() {
    context.close();
    server.close();
  }

  /** A normal call on {@code dealer} still answers. */
  private static void assertServes(ZMQ.Socket dealer, String text) {
    byte[] id = ZmqTestSupport.id(text.length());
    assertThat(dealer.send(request(id, "echo", msgpack(text)))).isTrue();
    byte[] reply = dealer.recv();
    assertThat(reply).as("reply to a normal call").isNotNull();
    assertThat(reply).isEqualTo(ZmqFrames.reply(id, msgpack(text)));
  }

  private ZMQ.Socket dealer(int receiveTimeoutMillis) {
    return ZmqTestSupport.dealer(context, server.port(), receiveTimeoutMillis);
  }

  @Test
  void clientThatNeverReadsDoesNotStopTheServer() {
    // E7: twice the send high-water mark of replies to a peer that never reads. The server must
    // not block on it (replies beyond the mark are dropped) and must go on serving the others.
    int requests = 2 * ZmqSockets.HIGH_WATER_MARK;
    byte[] payload = msgpack("x".repeat(2048));
    ZMQ.Socket deaf = dealer(100);
    deaf.setSndHWM(0); // queue every request on our side: the server is what is under test
    for (int i = 0; i < requests; i++) {
      assertThat(deaf.send(request(ZmqTestSupport.id(i), "echo", payload))).isTrue();
    }
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (handler.calls.get() < requests && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(handler.calls.get()).as("requests the server read").isEqualTo(requests);
    ZMQ.Socket other = dealer(5_000);
    assertServes(other, "served while the deaf peer piles up replies");
  }

  @Test
  void reqStyleMessageWithDelimiterIsDroppedWithoutReply() {
    ZMQ.Socket dealer = dealer(500);
    dealer.sendMore(new byte[0]);
    dealer.send(request(ZmqTestSupport.id(1), "echo", msgpack("x")));
    assertThat(dealer.recv()).isNull();
    assertThat(handler.calls.get()).isZero();
    dealer.setReceiveTimeOut(5_000);
    assertServes(dealer, "still here");
  }

  @Test
  void frameShorterThanAnIdIsDropped() {
    ZMQ.Socket dealer = dealer(500);
    dealer.send(new byte[10]);
    assertThat(dealer.recv()).isNull();
    assertThat(handler.calls.get()).isZero();
    dealer.setReceiveTimeOut(5_000);
    assertServes(dealer, "after short");
  }

  @Test
  void frameWithAnIdButNoRoomForANameGetsTheProcessingError() throws Exception {
    ZMQ.Socket dealer = dealer(5_000);
    byte[] frame = new byte[20];
    Arrays.fill(frame, 0, 16, (byte) 0x42);
    frame[16] = 'e';
    dealer.send(frame);
    byte[] reply = dealer.recv();
    assertThat(reply).isNotNull();
    assertThat(Arrays.copyOf(reply, 16)).isEqualTo(Arrays.copyOf(frame, 16));
    // {"__zerror__server_exception": "server cannot process message, check server logs for more details"}
    String expected = "81" + "ba" + HexFormat.of().formatHex("__zerror__server_exception".getBytes(StandardCharsets.US_ASCII))
        + "d941" + HexFormat.of().formatHex(
            "server cannot process message, check server logs for more details".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(tail(reply, 16))).isEqualTo(expected);
    assertThat(handler.calls.get()).isZero();
    assertServes(dealer, "after 20 bytes");
  }

  @Test
  void nameThatIsNotUtf8GetsTheProcessingError() {
    ZMQ.Socket dealer = dealer(5_000);
    byte[] frame = request(ZmqTestSupport.id(9), "echo", msgpack("x"));
    frame[16] = (byte) 0xff;
    frame[17] = (byte) 0xfe;
    dealer.send(frame);
    byte[] reply = dealer.recv();
    assertThat(tail(reply, 16)).isEqualTo(ZmqFrames.PROCESSING_ERROR_PAYLOAD);
    assertThat(handler.calls.get()).isZero();
  }

  @Test
  void unpaddedShortNameIsRead() {
    ZMQ.Socket dealer = dealer(5_000);
    byte[] id = ZmqTestSupport.id(3);
    byte[] frame = new byte[16 + "hello_world".length()];
    System.arraycopy(id, 0, frame, 0, 16);
    System.arraycopy("hello_world".getBytes(StandardCharsets.US_ASCII), 0, frame, 16, 11);
    dealer.send(frame);
    assertThat(dealer.recv()).isEqualTo(ZmqFrames.reply(id, msgpack(null)));
    assertThat(handler.seen).singleElement().satisfies(seen -> {
      assertThat(seen.function()).isEqualTo("hello_world");
      assertThat(seen.argument()).isEmpty();
    });
  }

  @Test
  void garbageAndHttpRequestsOnThePortDoNotStopTheServer() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 3; i++) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        byte[] garbage = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(garbage);
        socket.getOutputStream().write(garbage);
        socket.getOutputStream().flush();
      }
    }
    for (int i = 0; i < 6; i++) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(200);
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        try {
          in.read(new byte[256]); // whatever ZMTP greets with; an HTTP reply never comes
        } catch (SocketTimeoutException | java.net.SocketException expected) {
          // fine
        }
      }
    }
    assertThat(handler.calls.get()).isZero();
    assertServes(dealer(5_000), "after http");
  }

  /**
   * The ZMTP 3.0 handshake of a DEALER done by hand on {@code raw}, step by step as JeroMQ does
   * it: greeting (NULL mechanism, as client), the server's greeting, READY, the server's READY.
   */
  private static void zmtpHandshake(Socket raw) throws IOException {
    OutputStream out = raw.getOutputStream();
    InputStream in = raw.getInputStream();
    java.io.ByteArrayOutputStream greeting = new java.io.ByteArrayOutputStream();
    greeting.writeBytes(HexFormat.of().parseHex("ff00000000000000017f" + "0300"));
    greeting.writeBytes(Arrays.copyOf("NULL".getBytes(StandardCharsets.US_ASCII), 20));
    greeting.write(0); // as-server
    greeting.writeBytes(new byte[31]);
    out.write(greeting.toByteArray());
    byte[] theirs = in.readNBytes(64);
    assertThat(theirs).hasSize(64);
    assertThat(theirs[0] & 0xff).isEqualTo(0xff);
    byte[] ready = HexFormat.of().parseHex("05" + HexFormat.of().formatHex("READY".getBytes(StandardCharsets.US_ASCII))
        + "0b" + HexFormat.of().formatHex("Socket-Type".getBytes(StandardCharsets.US_ASCII))
        + "00000006" + HexFormat.of().formatHex("DEALER".getBytes(StandardCharsets.US_ASCII))
        + "08" + HexFormat.of().formatHex("Identity".getBytes(StandardCharsets.US_ASCII)) + "00000000");
    out.write(0x04); // command, short
    out.write(ready.length);
    out.write(ready);
    assertThat(in.read()).as("the server's READY command").isEqualTo(0x04);
    assertThat(in.readNBytes(in.read())).startsWith(HexFormat.of().parseHex("055245414459"));
  }

  @Test
  void frameDeclaringTwoGigabytesDropsThatPeerAtOnce() throws IOException {
    ZMQ.Socket good = dealer(5_000);
    assertServes(good, "before");
    try (Socket raw = new Socket("127.0.0.1", server.port())) {
      raw.setSoTimeout(2_000);
      zmtpHandshake(raw);
      // a message frame (long form, last) declaring 2 GiB - 1, then a few bytes of it
      raw.getOutputStream().write(HexFormat.of().parseHex("02000000007fffffff" + "00".repeat(32)));
      long start = System.nanoTime();
      try {
        assertThat(raw.getInputStream().read()).as("dropped: end of stream").isEqualTo(-1);
      } catch (java.net.SocketException reset) {
        // dropped with a reset: as good as an EOF
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the peer declaring 2 GiB was not dropped", e);
      }
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(2));
    }
    assertServes(good, "after 2 GiB");
    assertThat(handler.calls.get()).isEqualTo(2);
  }

  @Test
  void aHandMadeDealerHandshakeIsServed() throws IOException {
    // the control for the test above: the same handshake with a normal message gets its reply
    try (Socket raw = new Socket("127.0.0.1", server.port())) {
      raw.setSoTimeout(5_000);
      zmtpHandshake(raw);
      byte[] request = request(ZmqTestSupport.id(4), "echo", msgpack("raw"));
      java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
      frame.write(0x00); // message, short, last
      frame.write(request.length);
      frame.writeBytes(request);
      raw.getOutputStream().write(frame.toByteArray());
      byte[] expected = ZmqFrames.reply(ZmqTestSupport.id(4), msgpack("raw"));
      InputStream in = raw.getInputStream();
      assertThat(in.read()).isEqualTo(0x00);
      assertThat(in.read()).isEqualTo(expected.length);
      assertThat(in.readNBytes(expected.length)).isEqualTo(expected);
    }
  }

  @Test
  void messageOverTheSizeLimitDropsThatPeerOnly() throws IOException {
    ZMQ.Socket big = dealer(1_000);
    big.setReconnectIVL(-1); // stay disconnected once dropped
    ZMQ.Socket good = dealer(5_000);
    assertServes(good, "before");
    big.send(request(ZmqTestSupport.id(5), "echo", new byte[MAX_FRAME + 200]));
    assertThat(big.recv()).isNull();
    assertServes(good, "after big");
    assertThat(handler.seen).extracting(ZmqTestSupport.Seen::function).containsOnly("echo").hasSize(2);
  }
}
