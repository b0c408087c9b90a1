package io.zeroapi.internal.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeroapi.ConnectionException;
import io.zeroapi.internal.IncomingCall;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class TcpServerTransportTest {
  private static final int MAX_FRAME = 1024;

  private TcpServerTransport server;
  private final RawSockets sockets = new RawSockets();

  @AfterEach
  void tearDown() throws IOException {
    sockets.close();
    if (server != null) {
      server.close();
    }
  }

  private int start(RequestHandler handler) {
    return start(handler, 128, TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS);
  }

  private int start(RequestHandler handler, int maxInFlight, long deadlineMillis) {
    server =
        new TcpServerTransport(
            ServerSettings.transport("127.0.0.1", 0, MAX_FRAME, maxInFlight, 2), handler, deadlineMillis);
    server.start();
    assertThat(server.port()).isPositive();
    return server.port();
  }

  private Socket connect() throws IOException {
    return sockets.connect(server.port(), 5000);
  }

  /** Echoes the payload back at once, on the calling thread; flag 1 if it starts with 0x81. */
  private static final RequestHandler ECHO =
      handler((payload, sink) -> sink.reply(payload, payload.length > 0 && payload[0] == (byte) 0x81));

  private static RequestHandler handler(java.util.function.BiConsumer<byte[], IncomingCall> f) {
    return EnvelopeHandlers.of(f);
  }

  /** Request payload (hex) → recorded reply frame, from every TCP capture. */
  static Map<String, byte[]> recordedReplies() {
    Map<String, byte[]> replies = new HashMap<>();
    List<byte[]> requests = Wire.split(Wire.frame("tcp_stream_client_to_server.hex"));
    List<byte[]> responses = Wire.split(Wire.frame("tcp_stream_server_to_client.hex"));
    for (int i = 0; i < requests.size(); i++) {
      assertThat(Wire.id(responses.get(i))).isEqualTo(Wire.id(requests.get(i)));
      replies.put(Wire.hex(Wire.payload(requests.get(i))), responses.get(i));
    }
    List<byte[]> edge = Wire.lines("tcp_edge_cases.hex");
    for (int i = 0; i + 1 < edge.size(); i += 2) {
      assertThat(Wire.id(edge.get(i + 1))).isEqualTo(Wire.id(edge.get(i)));
      replies.put(Wire.hex(Wire.payload(edge.get(i))), edge.get(i + 1));
    }
    return replies;
  }

  /** Answers each recorded request with its recorded reply payload and flag. */
  private static RequestHandler replay() {
    Map<String, byte[]> replies = recordedReplies();
    return handler(
        (payload, sink) -> {
          byte[] reply = replies.get(Wire.hex(payload));
          if (reply == null) {
            sink.reply(new byte[] {(byte) 0xc0}, true);
          } else {
            sink.reply(Wire.payload(reply), Wire.flag(reply) != 0);
          }
        });
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    return in.readNBytes(n);
  }

  @Test
  void recordedClientStreamGetsTheRecordedServerStreamByteForByte() throws IOException {
    start(replay());
    Socket s = connect();
    s.getOutputStream().write(Wire.frame("tcp_stream_client_to_server.hex"));
    byte[] expected = Wire.frame("tcp_stream_server_to_client.hex");
    assertThat(Wire.hex(readExactly(s.getInputStream(), expected.length)))
        .isEqualTo(Wire.hex(expected));
  }

  @Test
  void eachRecordedRequestGetsItsRecordedReplyFrame() throws IOException {
    start(replay());
    Socket s = connect();
    String[][] pairs = {
      {"tcp_request.hex", "tcp_response.hex"},
      {"tcp_hello_world_request.hex", "tcp_hello_world_response.hex"},
      {"tcp_struct_request.hex", "tcp_struct_response.hex"},
    };
    for (String[] pair : pairs) {
      s.getOutputStream().write(Wire.frame(pair[0]));
      assertThat(Wire.hex(Wire.readFrame(s.getInputStream())))
          .as(pair[1])
          .isEqualTo(Wire.hex(Wire.frame(pair[1])));
    }
    List<byte[]> errorRequests = Wire.lines("tcp_error_request.hex");
    List<byte[]> errorResponses = Wire.lines("tcp_error_response.hex");
    for (int i = 0; i < errorRequests.size(); i++) {
      s.getOutputStream().write(errorRequests.get(i));
      byte[] reply = Wire.readFrame(s.getInputStream());
      assertThat(Wire.flag(reply)).isEqualTo(1);
      assertThat(Wire.hex(reply)).isEqualTo(Wire.hex(errorResponses.get(i)));
    }
  }

  @Test
  void handBuiltEdgeCasesGetTheRecordedReplies() throws IOException {
    start(replay());
    Socket s = connect();
    List<byte[]> edge = Wire.lines("tcp_edge_cases.hex");
    for (int i = 0; i + 1 < edge.size(); i += 2) {
      s.getOutputStream().write(edge.get(i)); // ids 0xdeadbeef, 100.., request flag 1 ignored
      assertThat(Wire.hex(Wire.readFrame(s.getInputStream()))).isEqualTo(Wire.hex(edge.get(i + 1)));
    }
  }

  @Test
  void requestsSplitIntoOneByteWritesAreServed() throws IOException {
    start(replay());
    Socket s = connect();
    byte[] stream = Wire.frame("tcp_stream_client_to_server.hex");
    for (byte b : stream) {
      s.getOutputStream().write(b);
      s.getOutputStream().flush();
    }
    byte[] expected = Wire.frame("tcp_stream_server_to_client.hex");
    assertThat(readExactly(s.getInputStream(), expected.length)).isEqualTo(expected);
  }

  @Test
  void pipelinedRequestsAreAnsweredOutOfOrderById() throws IOException {
    int n = 40;
    CountDownLatch lastAnswered = new CountDownLatch(1);
    start(
        handler(
            (payload, sink) ->
                Thread.ofVirtual()
                    .start(
                        () -> {
                          if (payload[0] == 0) { // the first request sent finishes after the last
                            awaitQuietly(lastAnswered);
                          }
                          sink.reply(payload, false);
                          if (payload[0] == n - 1) {
                            lastAnswered.countDown();
                          }
                        })));
    Socket s = connect();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      all.writeBytes(Wire.frame(i + 1, 0, new byte[] {(byte) i, 0x55}));
    }
    s.getOutputStream().write(all.toByteArray());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] reply = Wire.readFrame(s.getInputStream());
      int id = Wire.id(reply);
      assertThat(Wire.payload(reply)).containsExactly((byte) (id - 1), 0x55);
      assertThat(Wire.flag(reply)).isZero();
      order.add(id);
    }
    assertThat(new HashSet<>(order)).hasSize(n);
    assertThat(order.indexOf(n)).isLessThan(order.indexOf(1));
  }

  @Test
  void duplicateAndWrappingIdsAreAllAnswered() throws IOException {
    start(ECHO);
    Socket s = connect();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(Wire.frame(7, 0, new byte[] {1}));
    all.writeBytes(Wire.frame(7, 0, new byte[] {2}));
    all.writeBytes(Wire.frame(0xffffffff, 0xff, new byte[] {3}));
    all.writeBytes(Wire.frame(0, 0, new byte[] {(byte) 0x81, 4}));
    s.getOutputStream().write(all.toByteArray());
    assertThat(Wire.readFrame(s.getInputStream())).isEqualTo(Wire.frame(7, 0, new byte[] {1}));
    assertThat(Wire.readFrame(s.getInputStream())).isEqualTo(Wire.frame(7, 0, new byte[] {2}));
    assertThat(Wire.readFrame(s.getInputStream()))
        .isEqualTo(Wire.frame(0xffffffff, 0, new byte[] {3}));
    assertThat(Wire.readFrame(s.getInputStream()))
        .isEqualTo(Wire.frame(0, 1, new byte[] {(byte) 0x81, 4}));
  }

  @Test
  void tenThousandPipelinedRequestsOnOneConnection() throws IOException {
    start(
        handler((payload, sink) -> Thread.ofVirtual().start(() -> sink.reply(payload, false))),
        128,
        TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS);
    Socket s = connect();
    int n = 10_000;
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  ByteArrayOutputStream all = new ByteArrayOutputStream();
                  for (int i = 1; i <= n; i++) {
                    all.writeBytes(Wire.frame(i, 0, new byte[] {(byte) i, (byte) (i >> 8)}));
                  }
                  try {
                    s.getOutputStream().write(all.toByteArray());
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                });
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      byte[] reply = Wire.readFrame(s.getInputStream());
      int id = Wire.id(reply);
      assertThat(Wire.payload(reply)).containsExactly((byte) id, (byte) (id >> 8));
      seen.add(id);
    }
    assertThat(seen).hasSize(n);
    joinQuietly(writer);
  }

  @Test
  void stopsReadingAtTheInFlightCapAndResumesBelowIt() throws Exception {
    BlockingQueue<Object[]> calls = new LinkedBlockingQueue<>();
    AtomicInteger received = new AtomicInteger();
    start(
        handler(
            (payload, sink) -> {
              received.incrementAndGet();
              calls.add(new Object[] {payload, sink});
            }),
        4,
        TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS);
    Socket s = connect();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    for (int i = 1; i <= 4; i++) {
      first.writeBytes(Wire.frame(i, 0, new byte[] {(byte) i}));
    }
    s.getOutputStream().write(first.toByteArray());
    await().atMost(Duration.ofSeconds(5)).until(() -> received.get() == 4);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    for (int i = 5; i <= 10; i++) {
      second.writeBytes(Wire.frame(i, 0, new byte[] {(byte) i}));
    }
    s.getOutputStream().write(second.toByteArray());
    // the second batch has reached the server's socket and lies there unread (or was read: a bug)
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !RawSockets.KERNEL_VISIBLE || unreadAtServer(s) == second.size()
            || received.get() > 4);
    assertThat(received.get()).as("reading paused at the cap").isEqualTo(4);
    Thread replier =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    try {
                      Object[] call = calls.take();
                      ((IncomingCall) call[1]).reply((byte[]) call[0], false);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    Set<Integer> ids = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      ids.add(Wire.id(Wire.readFrame(s.getInputStream())));
    }
    assertThat(ids).hasSize(10);
    assertThat(received.get()).isEqualTo(10);
    joinQuietly(replier);
  }

  @Test
  void stopsReadingWhileTheClientDoesNotReadItsReplies() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    byte[] bigReply = new byte[16 * 1024];
    start(
        handler(
            (payload, sink) -> {
              calls.incrementAndGet();
              sink.reply(bigReply, false);
            }),
        100_000,
        TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS);
    Socket s = sockets.connectDeaf(server.port(), 5000);
    int n = 2000; // 2000 x 16 KiB = 32 MiB of replies, far beyond socket buffers
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (int i = 1; i <= n; i++) {
      requests.writeBytes(Wire.frame(i, 0, new byte[1000]));
    }
    Thread writer = RawSockets.writeInBackground(s, requests.toByteArray());
    await().atMost(Duration.ofSeconds(10)).until(() -> server.pausedConnections() == 1);
    assertThat(calls.get()).as("calls run while the client reads nothing").isLessThan(n);
    for (int i = 0; i < n; i++) {
      byte[] reply = Wire.readFrame(s.getInputStream());
      assertThat(Wire.payload(reply)).hasSize(bigReply.length);
    }
    assertThat(calls.get()).isEqualTo(n);
    joinQuietly(writer);
  }

  /**
   * D4: a client that reads its replies a byte at a time, slowly (about 200 bytes/s), while it has
   * 32 MiB of replies to come. The server stops reading it once its replies back up: the replies
   * waiting for it (Netty's high mark and the replies of the calls read before the pause took
   * effect: measured about 1.5 MB) stop growing, far below the 32 MiB, no call of it runs any more,
   * and another client is served all along.
   */
  @Test
  void aClientThatReadsSlowlyHoldsBoundedRepliesAndOthersAreServed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    byte[] bigReply = new byte[16 * 1024];
    int maxInFlight = 16;
    start(
        handler(
            (payload, sink) -> {
              if (payload.length == 1000) {
                calls.incrementAndGet();
                Thread.ofVirtual().start(() -> sink.reply(bigReply, false)); // as the server runs functions
              } else {
                sink.reply(payload, false);
              }
            }),
        maxInFlight,
        TcpServerTransport.PARTIAL_FRAME_DEADLINE_MILLIS);
    Socket slow = sockets.connectDeaf(server.port(), 5000);
    int n = 2000; // 2000 x 16 KiB = 32 MiB of replies
    ByteArrayOutputStream requests = new ByteArrayOutputStream();
    for (int i = 1; i <= n; i++) {
      requests.writeBytes(Wire.frame(i, 0, new byte[1000]));
    }
    Thread writer = RawSockets.writeInBackground(slow, requests.toByteArray());
    await().atMost(Duration.ofSeconds(10)).until(() -> server.pausedConnections() == 1);
    Socket other = connect();
    long bound = 4L * 1024 * 1024;
    long most = 0;
    int served = 0;
    int callsAtHalfTime = -1;
    long half = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long end = half + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < end) {
      if (callsAtHalfTime < 0 && System.nanoTime() >= half) {
        callsAtHalfTime = calls.get();
      }
      assertThat(slow.getInputStream().read()).as("the slow client gets its replies").isNotNegative(); // one byte
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the pace of a slow reader, not a wait for an event
      byte[] ping = ("ping " + served).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      other.getOutputStream().write(Wire.frame(served + 1, 0, ping));
      byte[] reply = Wire.readFrame(other.getInputStream());
      assertThat(Wire.payload(reply)).as("the other client is served").isEqualTo(ping);
      served++;
      most = Math.max(most, server.largestOutboundBytes());
    }
    assertThat(served).isPositive();
    assertThat(most).as("replies waiting for the slow client, at most").isPositive().isLessThanOrEqualTo(bound);
    assertThat(calls.get()).as("requests of the slow client run").isLessThan(n / 4);
    assertThat(calls.get() - callsAtHalfTime).as("its calls run in the second second").isLessThanOrEqualTo(maxInFlight);
    slow.close();
    joinQuietly(writer);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00000000",
        "00000001",
        "00000002",
        "00000003",
        "00000004",
        "ffffffff0102030405060708",
        "00000401", // max + 1, body follows
        "474554202f20485454502f312e310d0a486f73743a20780d0a0d0a", // GET / HTTP/1.1
        "16030100a5010000a10303", // TLS ClientHello
        "ff00000000000000017f", // ZMTP greeting
      })
  void badFramesCloseThatConnectionOnly(String hex) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(
        handler(
            (payload, sink) -> {
              calls.incrementAndGet();
              sink.reply(payload, false);
            }));
    Socket healthy = connect();
    assertEcho(healthy, 1);
    Socket bad = connect();
    byte[] input = Wire.hex(hex);
    if (hex.equals("00000401")) {
      byte[] full = new byte[4 + 0x401];
      System.arraycopy(input, 0, full, 0, 4);
      input = full;
    }
    writeQuietly(bad, input);
    assertClosedByServer(bad);
    assertEcho(healthy, 2);
    assertEcho(connect(), 3);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void aValidFrameBeforeABadOneIsHandledThenTheConnectionCloses() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(handler((payload, sink) -> calls.incrementAndGet())); // replies never come
    Socket s = connect();
    byte[] good = Wire.frame(9, 0, new byte[] {1, 2});
    byte[] input = new byte[good.length + 4];
    System.arraycopy(good, 0, input, 0, good.length);
    s.getOutputStream().write(input); // then 00000000: nothing after it can be trusted
    assertClosedByServer(s);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void stalledPartialFrameIsClosedButIdleConnectionIsKept() throws Exception {
    start(ECHO, 128, 300);
    Socket idle = connect();
    Socket stalled = connect();
    stalled.getOutputStream().write(Wire.hex("00000064000000010082")); // declares 100 bytes
    assertClosedByServer(stalled);
    // idle was opened before stalled: its deadline, had it one, would have passed first
    assertEcho(idle, 1);
  }

  @Test
  void halfCloseAfterRequestsGetsTheRepliesThenEof() throws Exception {
    Map<Byte, IncomingCall> running = new java.util.concurrent.ConcurrentHashMap<>();
    start(handler((payload, sink) -> running.put(payload[0], sink)));
    Socket s = connect();
    s.getOutputStream().write(Wire.frame(1, 0, new byte[] {2}));
    s.getOutputStream().write(Wire.frame(2, 0, new byte[] {1}));
    s.shutdownOutput(); // FIN right after the last request, like `nc -N`
    // both calls still run when the FIN reaches the server; then they finish, the second first
    awaitFinAtServer(s);
    await().atMost(Duration.ofSeconds(5)).until(() -> running.size() == 2);
    running.get((byte) 1).reply(new byte[] {1}, false);
    running.get((byte) 2).reply(new byte[] {2}, false);
    assertThat(Wire.readFrame(s.getInputStream())).isEqualTo(Wire.frame(2, 0, new byte[] {1}));
    assertThat(Wire.readFrame(s.getInputStream())).isEqualTo(Wire.frame(1, 0, new byte[] {2}));
    assertThat(s.getInputStream().read()).isEqualTo(-1);
  }

  @Test
  void halfCloseWithNothingRunningClosesAtOnce() throws Exception {
    start(ECHO);
    Socket s = connect();
    assertEcho(s, 1);
    s.shutdownOutput();
    assertClosedByServer(s);
  }

  @Test
  void finThenRstOnAHalfClosedConnectionDoesNotSpinTheEventLoop() throws Exception {
    BlockingQueue<IncomingCall> held = new LinkedBlockingQueue<>();
    start(
        handler(
            (payload, sink) -> {
              if (payload[0] == 1) {
                held.add(sink); // keeps the call running
              } else {
                sink.reply(payload, false);
              }
            }));
    Socket s = connect();
    s.getOutputStream().write(Wire.frame(1, 0, new byte[] {1}));
    await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 1);
    s.shutdownOutput(); // FIN: half-closed, one call still running
    awaitFinAtServer(s);
    s.setSoLinger(true, 0);
    s.close(); // RST
    awaitGoneAtServer(s);
    long cpu = serverIoCpuNanos();
    Thread.sleep(500); // not a wait: the window in which the I/O threads' CPU is measured
    assertThat(Duration.ofNanos(serverIoCpuNanos() - cpu)).isLessThan(Duration.ofMillis(100));
    held.take().reply(new byte[] {1}, false); // dropped quietly
    assertEcho(connect(), 2);
  }

  /** CPU time of the server's I/O threads, from /proc (Linux; 0 elsewhere, making the check moot). */
  private static long serverIoCpuNanos() throws IOException {
    java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
    if (!java.nio.file.Files.isDirectory(tasks)) {
      return 0;
    }
    long ticks = 0;
    try (var dirs = java.nio.file.Files.list(tasks)) {
      for (java.nio.file.Path task : dirs.toList()) {
        try {
          String comm = java.nio.file.Files.readString(task.resolve("comm")).strip();
          if (!comm.startsWith("zero-tcp-serve")) {
            continue;
          }
          String stat = java.nio.file.Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException e) {
          // thread gone
        }
      }
    }
    return ticks * 10_000_000L; // USER_HZ = 100
  }

  @Test
  void finInTheMiddleOfAFrameClosesWithoutCallingTheHandler() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(handler((payload, sink) -> calls.incrementAndGet()));
    Socket s = connect();
    byte[] frame = Wire.frame("tcp_request.hex");
    s.getOutputStream().write(java.util.Arrays.copyOf(frame, frame.length - 3));
    s.shutdownOutput();
    assertClosedByServer(s);
    assertThat(calls.get()).isZero();
  }

  @Test
  void repliesToAClosedConnectionAreDroppedQuietly() throws Exception {
    BlockingQueue<IncomingCall> sinks = new LinkedBlockingQueue<>();
    AtomicInteger n = new AtomicInteger();
    start(
        handler(
            (payload, sink) -> {
              if (n.incrementAndGet() <= 3) {
                sinks.add(sink);
              } else {
                sink.reply(payload, false);
              }
            }));
    Socket s = connect();
    for (int i = 1; i <= 3; i++) {
      s.getOutputStream().write(Wire.frame(i, 0, new byte[] {1}));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> sinks.size() == 3);
    s.close();
    awaitFinAtServer(s); // the server has the FIN before the replies
    for (IncomingCall sink : sinks) {
      sink.reply(new byte[1000], false);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 0);
    assertEcho(connect(), 1);
  }

  @Test
  void resetWhileALargeReplyIsBeingWrittenClosesThatConnectionOnly() throws Exception {
    byte[] large = new byte[8 << 20]; // far beyond the socket buffers: the write is still going on
    start(handler((payload, sink) -> sink.reply(payload[0] == 1 ? large : payload, false)));
    Socket other = connect();
    Socket s = sockets.connectDeaf(server.port(), 5000);
    s.getOutputStream().write(Wire.frame(1, 0, new byte[] {1}));
    assertThat(s.getInputStream().readNBytes(4)).isEqualTo(Wire.hex("00800005"));
    s.setSoLinger(true, 0);
    s.close(); // RST with most of the reply unwritten
    await().atMost(Duration.ofSeconds(2)).until(() -> server.connections() == 1);
    assertEcho(other, 1);
    assertEcho(connect(), 2);
  }

  @Test
  void connectCloseChurnLeavesNoChannelOrDescriptorBehind() throws Exception {
    start(ECHO);
    Socket keeper = connect();
    assertEcho(keeper, 1);
    long fdsBefore = openDescriptors();
    for (int i = 0; i < 300; i++) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        if (i % 3 == 0) {
          s.setSoLinger(true, 0); // some reset, some close cleanly, some after a call
        } else if (i % 3 == 1) {
          s.setSoTimeout(5000);
          assertEcho(s, i);
        }
      }
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> server.connections() == 1);
    if (fdsBefore >= 0) {
      await().atMost(Duration.ofSeconds(2)).until(() -> openDescriptors() <= fdsBefore + 2);
    }
    assertEcho(keeper, 2);
  }

  /** Open file descriptors of this process (Linux), or -1 where /proc is not there. */
  private static long openDescriptors() throws IOException {
    java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
    if (!java.nio.file.Files.isDirectory(fds)) {
      return -1;
    }
    try (var list = java.nio.file.Files.list(fds)) {
      return list.count();
    }
  }

  @Test
  void manyConnectionsAtOnce() throws Exception {
    start(handler((payload, sink) -> Thread.ofVirtual().start(() -> sink.reply(payload, false))));
    List<Thread> threads = new ArrayList<>();
    AtomicInteger ok = new AtomicInteger();
    for (int c = 0; c < 20; c++) {
      Socket s = connect();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 1; i <= 50; i++) {
                        assertEcho(s, i);
                      }
                      ok.incrementAndGet();
                    } catch (Exception e) {
                      throw new RuntimeException(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(ok.get()).isEqualTo(20);
  }

  @Test
  void bindFailureIsAConnectionException() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      TcpServerTransport second =
          new TcpServerTransport(
              ServerSettings.transport("127.0.0.1", taken.getLocalPort(), MAX_FRAME, 128, 1), ECHO);
      assertThatThrownBy(second::start)
          .isInstanceOf(ConnectionException.class)
          .hasMessage("Cannot bind 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
      second.close();
    }
  }

  @Test
  void stopAcceptingKeepsEstablishedConnectionsAndCloseEndsThem() throws Exception {
    int port = start(ECHO);
    Socket established = connect();
    assertEcho(established, 1);
    server.stopAccepting();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    assertEcho(established, 2);
    server.close();
    assertClosedByServer(established);
    server.close(); // idempotent
  }

  private static void assertEcho(Socket s, int id) throws IOException {
    byte[] payload = ("ping " + id).getBytes(StandardCharsets.US_ASCII);
    s.getOutputStream().write(Wire.frame(id, 0, payload));
    assertThat(Wire.readFrame(s.getInputStream())).isEqualTo(Wire.frame(id, 0, payload));
  }

  /** The server closed the connection (EOF or reset) within 1 s, sending nothing. */
  private static void assertClosedByServer(Socket s) throws IOException {
    s.setSoTimeout(1000);
    long start = System.nanoTime();
    try {
      int b = s.getInputStream().read();
      assertThat(b).as("no reply, just EOF").isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open after 1 s", e);
    } catch (SocketException e) {
      assertThat(e.getMessage()).containsIgnoringCase("reset");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  private static void writeQuietly(Socket s, byte[] bytes) {
    try {
      s.getOutputStream().write(bytes);
    } catch (IOException e) {
      // the server may already have closed: fine
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Bytes of {@code s} that the server's socket holds unread, -1 if the kernel lists no socket. */
  private int unreadAtServer(Socket s) throws IOException {
    RawSockets.ServerEnd end = RawSockets.serverEnd(s, server.port());
    return end == null ? -1 : end.unreadBytes();
  }

  /** Waits until the server's socket of {@code s} has the FIN, or is gone (closed or reset). */
  private void awaitFinAtServer(Socket s) {
    awaitServerEnd(s, "has the FIN", end -> end == null || end.hasFin());
  }

  /** Waits until the kernel no longer lists the server's socket of {@code s} (e.g. reset). */
  private void awaitGoneAtServer(Socket s) {
    awaitServerEnd(s, "is gone", end -> end == null);
  }

  /**
   * Waits until the server's socket of {@code s} (null once gone) is as said; where /proc is not
   * there, does not wait.
   */
  private void awaitServerEnd(Socket s, String what, Predicate<RawSockets.ServerEnd> condition) {
    int port = server.port();
    await("the server's end of the connection " + what)
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !RawSockets.KERNEL_VISIBLE || condition.test(RawSockets.serverEnd(s, port)));
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
