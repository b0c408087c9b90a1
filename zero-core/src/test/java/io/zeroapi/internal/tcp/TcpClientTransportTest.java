package io.zeroapi.internal.tcp;

import static io.zeroapi.testing.TransportCalls.call;

import io.zeroapi.testing.TransportCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.ValidationException;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpClientTransportTest {
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private FakeServer server(FakeServer.Script script) throws IOException {
    FakeServer server = new FakeServer(script);
    resources.add(server);
    return server;
  }

  private TcpClientTransport client(int port, int connections, boolean multiplexed) {
    TcpClientTransport client =
        new TcpClientTransport(
            new ClientSettings(
                "127.0.0.1",
                port,
                connections,
                multiplexed,
                1 << 20,
                Duration.ofSeconds(2),
                Duration.ofMillis(800)));
    resources.add(client);
    return client;
  }

  private static Reply get(CompletableFuture<Reply> future) throws Exception {
    return future.get(5, TimeUnit.SECONDS);
  }

  /** The exception a future failed with. */
  private static Throwable failure(CompletableFuture<Reply> future) {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("future did not fail in time", e);
    }
    throw new AssertionError("future completed normally");
  }

  /** Replays the recorded replies of the captures under the request's own id. */
  private static FakeServer.Script replay() {
    Map<String, byte[]> replies = TcpServerTransportTest.recordedReplies();
    return (index, conn) -> {
      byte[] request;
      while ((request = conn.read()) != null) {
        byte[] reply = replies.get(Wire.hex(Wire.payload(request)));
        conn.reply(request, Wire.flag(reply), Wire.payload(reply));
      }
    };
  }

  @Test
  void sendsTheRecordedRequestBytesAndReturnsTheRecordedReplies() throws Exception {
    FakeServer server = server(replay());
    TcpClientTransport client = client(server.port(), 1, true);

    Reply hello = get(call(client, "echo", "hello", 2000));
    assertThat(server.received.take()).isEqualTo(Wire.frame("tcp_request.hex"));
    assertThat(hello.payload()).isEqualTo(Wire.payload(Wire.frame("tcp_response.hex")));
    assertThat(hello.errorFlag()).isFalse();

    Reply world = get(call(client, "hello_world", null, 2000));
    assertThat(server.received.take()).isEqualTo(Wire.frame("tcp_hello_world_request.hex"));
    assertThat(world.payload()).isEqualTo(Wire.payload(Wire.frame("tcp_hello_world_response.hex")));

    client.setNextRequestId(4);
    List<byte[]> errorRequests = Wire.lines("tcp_error_request.hex");
    List<byte[]> errorResponses = Wire.lines("tcp_error_response.hex");
    Reply notFound = get(call(client, "no_such_fn", "x", 2000));
    Reply raised = get(call(client, "fail", "boom", 2000));
    assertThat(server.received.take()).isEqualTo(errorRequests.get(0));
    assertThat(server.received.take()).isEqualTo(errorRequests.get(1));
    assertThat(notFound.errorFlag()).isTrue();
    assertThat(notFound.payload()).isEqualTo(Wire.payload(errorResponses.get(0)));
    assertThat(raised.errorFlag()).isTrue();
    assertThat(raised.payload()).isEqualTo(Wire.payload(errorResponses.get(1)));
  }

  @Test
  void repliesOutOfOrderGoToTheirOwnCalls() throws Exception {
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              byte[] second = conn.read();
              conn.reply(second, 0, FakeServer.argument(second));
              conn.reply(first, 0, FakeServer.argument(first));
            });
    TcpClientTransport client = client(server.port(), 1, true);
    CompletableFuture<Reply> a = call(client, "echo", "a", 2000);
    CompletableFuture<Reply> b = call(client, "echo", "b", 2000);
    assertThat(get(a).payload()).isEqualTo(TransportCalls.str("a"));
    assertThat(get(b).payload()).isEqualTo(TransportCalls.str("b"));
  }

  @Test
  void replyWithUnknownIdIsDropped() throws Exception {
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] request;
              while ((request = conn.read()) != null) {
                conn.write(Wire.frame(Wire.id(request) + 1000, 0, TransportCalls.str("bogus")));
                conn.reply(request, 0, FakeServer.argument(request));
              }
            });
    TcpClientTransport client = client(server.port(), 1, true);
    assertThat(get(call(client, "echo", "mine", 2000)).payload()).isEqualTo(TransportCalls.str("mine"));
    assertThat(get(call(client, "echo", "again", 2000)).payload()).isEqualTo(TransportCalls.str("again"));
    assertThat(client.pendingCount()).isZero();
  }

  @Test
  void timeoutThenTheLateReplyIsDroppedAndTheNextCallGetsItsOwn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              release.await();
              conn.reply(first, 0, TransportCalls.str("late"));
              FakeServer.echo().serve(index, conn);
            });
    TcpClientTransport client = client(server.port(), 1, true);
    long start = System.nanoTime();
    Throwable timeout = failure(call(client, "slow", "first", 100));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
    assertThat(timeout)
        .isInstanceOf(CallTimeoutException.class)
        .hasMessage("Call to `slow` timed out after 100 ms");
    assertThat(client.pendingCount()).isZero(); // forgotten before the future failed
    release.countDown();
    assertThat(get(call(client, "echo", "second", 2000)).payload())
        .isEqualTo(TransportCalls.str("second"));
    assertThat(server.connections.get()).isEqualTo(1); // the connection was kept
  }

  @Test
  void serverNotListeningFailsQuicklyThenBacksOffThenReconnects() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TcpClientTransport client = client(port, 1, true);
    long start = System.nanoTime();
    assertThat(failure(call(client, "echo", "x", 5000)))
        .isInstanceOf(ConnectionException.class)
        .hasMessage("Cannot connect to 127.0.0.1:" + port + ": Connection refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    // Within the backoff window, a call that cannot wait fails at once...
    CompletableFuture<Reply> impatient = call(client, "echo", "x", 20);
    assertThat(impatient).isCompletedExceptionally();
    assertThat(failure(impatient))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("(last error: ")
        .hasMessageContaining("next attempt in");
    // ...one that can waits for the next attempt, which fails too.
    assertThat(failure(call(client, "echo", "x", 5000)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageStartingWith("Cannot connect to 127.0.0.1:" + port);

    FakeServer server = new FakeServer(port, FakeServer.echo());
    resources.add(server);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(call(client, "echo", "up", 2000).get(3, TimeUnit.SECONDS).payload())
                    .isEqualTo(TransportCalls.str("up")));
  }

  @Test
  void serverClosingMidCallFailsItAndTheNextCallReconnects() throws Exception {
    FakeServer server =
        server(
            (index, conn) -> {
              if (index == 0) {
                conn.read();
                conn.socket.close();
              } else {
                FakeServer.echo().serve(index, conn);
              }
            });
    TcpClientTransport client = client(server.port(), 1, true);
    assertThat(failure(call(client, "echo", "x", 5000)))
        .isInstanceOf(ConnectionException.class)
        .hasMessage("Connection to 127.0.0.1:" + server.port() + " lost before any reply (if the server speaks "
            + "ZeroMQ: use --protocol zmq)");
    assertThat(get(call(client, "echo", "y", 2000)).payload()).isEqualTo(TransportCalls.str("y"));
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void malformedRepliesCloseTheConnectionAndTheNextCallReconnects() throws Exception {
    FakeServer server =
        server(
            (index, conn) -> {
              switch (index) {
                case 0 -> {
                  conn.read();
                  conn.write(Wire.hex("00000002 0000"));
                }
                case 1 -> {
                  conn.read();
                  conn.write(Wire.hex("7fffffff 00000001 00"));
                }
                default -> FakeServer.echo().serve(index, conn);
              }
              conn.in.read(); // until the client closes
            });
    TcpClientTransport client = client(server.port(), 1, true);
    assertThat(failure(call(client, "echo", "x", 5000)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("lost: malformed reply (frame length 2 < 5)");
    assertThat(failure(call(client, "echo", "x", 5000)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("malformed reply (frame length 2147483647 > max 1048576)");
    assertThat(get(call(client, "echo", "ok", 2000)).payload()).isEqualTo(TransportCalls.str("ok"));
    assertThat(server.connections.get()).isEqualTo(3);
  }

  @Test
  void closeFailsCallsInFlightAndLaterCalls() throws Exception {
    FakeServer server =
        server(
            (index, conn) -> {
              while (conn.read() != null) {
                // never answer
              }
            });
    TcpClientTransport client = client(server.port(), 2, true);
    List<CompletableFuture<Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(call(client, "echo", "x" + i, 10_000));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() == 4);
    client.close();
    for (CompletableFuture<Reply> call : calls) {
      assertThat(call).isCompletedExceptionally();
      assertThat(failure(call)).isInstanceOf(ConnectionException.class).hasMessage("Client closed");
    }
    CompletableFuture<Reply> after = call(client, "echo", "late", 1000);
    assertThat(after).isCompletedExceptionally();
    assertThat(failure(after)).isInstanceOf(ConnectionException.class).hasMessage("Client closed");
    client.close(); // idempotent
  }

  @Test
  void closeFailsQueuedCallsInOneInFlightMode() throws Exception {
    FakeServer server =
        server(
            (index, conn) -> {
              while (conn.read() != null) {
                // never answer
              }
            });
    TcpClientTransport client = client(server.port(), 1, false);
    CompletableFuture<Reply> sent = call(client, "echo", "a", 10_000);
    CompletableFuture<Reply> queued = call(client, "echo", "b", 10_000);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() == 1);
    client.close();
    assertThat(failure(sent)).isInstanceOf(ConnectionException.class).hasMessage("Client closed");
    assertThat(failure(queued)).isInstanceOf(ConnectionException.class).hasMessage("Client closed");
  }

  @Test
  void oneInFlightModeSendsTheNextCallOnlyAfterTheReply() throws Exception {
    AtomicInteger availableBeforeReply = new AtomicInteger(-1);
    CountDownLatch bQueued = new CountDownLatch(1);
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              bQueued.await();
              availableBeforeReply.set(conn.in.available());
              conn.reply(first, 0, FakeServer.argument(first));
              FakeServer.echo().serve(index, conn);
            });
    TcpClientTransport client = client(server.port(), 1, false);
    CompletableFuture<Reply> a = call(client, "echo", "a", 5000);
    CompletableFuture<Reply> b = call(client, "echo", "b", 5000);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() == 1);
    // a call goes on a connection (and waits for its reply there) as it is sent: only a is
    assertThat(client.pendingCount()).as("calls sent before the first reply").isEqualTo(1);
    bQueued.countDown();
    assertThat(get(a).payload()).isEqualTo(TransportCalls.str("a"));
    assertThat(get(b).payload()).isEqualTo(TransportCalls.str("b"));
    assertThat(availableBeforeReply.get()).as("bytes of a second request before the reply").isZero();
    assertThat(Wire.id(server.received.take())).isEqualTo(1);
    assertThat(Wire.id(server.received.take())).isEqualTo(2);
  }

  @Test
  void oneInFlightModeDropsAQueuedCallThatTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              release.await();
              conn.reply(first, 0, FakeServer.argument(first));
              FakeServer.echo().serve(index, conn);
            });
    TcpClientTransport client = client(server.port(), 1, false);
    CompletableFuture<Reply> a = call(client, "echo", "a", 5000);
    CompletableFuture<Reply> queued = call(client, "echo", "queued", 100);
    assertThat(failure(queued)).isInstanceOf(CallTimeoutException.class);
    release.countDown();
    assertThat(get(a).payload()).isEqualTo(TransportCalls.str("a"));
    assertThat(get(call(client, "echo", "c", 2000)).payload()).isEqualTo(TransportCalls.str("c"));
    assertThat(FakeServer.argument(server.received.take())).isEqualTo(TransportCalls.str("a"));
    assertThat(FakeServer.argument(server.received.take())).isEqualTo(TransportCalls.str("c"));
    assertThat(server.received).isEmpty();
  }

  @Test
  void oneInFlightModeUsesEveryPooledConnection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              release.await();
              conn.reply(first, 0, FakeServer.argument(first));
              FakeServer.echo().serve(index, conn);
            });
    TcpClientTransport client = client(server.port(), 3, false);
    List<CompletableFuture<Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      calls.add(call(client, "echo", "v" + i, 5000));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() == 3);
    assertThat(client.pendingCount()).as("one call per connection, six queued").isEqualTo(3);
    release.countDown();
    for (int i = 0; i < 9; i++) {
      assertThat(get(calls.get(i)).payload()).isEqualTo(TransportCalls.str("v" + i));
    }
    assertThat(server.connections.get()).isEqualTo(3);
  }

  @Test
  void connectionsAreOpenedLazily() throws Exception {
    FakeServer server = server(FakeServer.echo());
    TcpClientTransport client = client(server.port(), 3, true);
    get(call(client, "echo", "a", 2000));
    // The server accepts connections in the order they were opened: once a connection opened only
    // now has been served, any that the client opened before (say, when it was built) is counted.
    get(call(client(server.port(), 1, true), "echo", "marker", 2000));
    assertThat(server.connections.get()).as("first call's and marker's").isEqualTo(2);
    get(call(client, "echo", "b", 2000));
    get(call(client, "echo", "c", 2000));
    get(call(client, "echo", "d", 2000));
    assertThat(server.connections.get()).as("three, and the marker's").isEqualTo(4);
  }

  @Test
  void requestIdsWrapFromFfffffffToZero() throws Exception {
    FakeServer server = server(FakeServer.echo());
    TcpClientTransport client = client(server.port(), 1, true);
    get(call(client, "echo", "a", 2000));
    client.setNextRequestId(0xffffffff);
    for (String arg : List.of("b", "c", "d")) {
      assertThat(get(call(client, "echo", arg, 2000)).payload()).isEqualTo(TransportCalls.str(arg));
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(Wire.id(server.received.take()));
    }
    assertThat(ids).containsExactly(1, 0xffffffff, 0, 1);
  }

  @Test
  void idsStillWaitingForTheirReplyAreSkipped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              byte[] second = conn.read();
              conn.reply(second, 0, FakeServer.argument(second));
              byte[] third = conn.read();
              conn.reply(third, 0, FakeServer.argument(third));
              release.await();
              conn.reply(first, 0, FakeServer.argument(first));
            });
    TcpClientTransport client = client(server.port(), 1, true);
    CompletableFuture<Reply> first = call(client, "echo", "first", 5000); // id 1, held
    get(call(client, "echo", "warmup", 2000)); // id 2
    client.setNextRequestId(1); // 1 is still pending: the next call must take 2
    assertThat(get(call(client, "echo", "third", 2000)).payload()).isEqualTo(TransportCalls.str("third"));
    release.countDown();
    assertThat(get(first).payload()).isEqualTo(TransportCalls.str("first"));
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(Wire.id(server.received.take()));
    }
    assertThat(ids).containsExactly(1, 2, 2);
  }

  @Test
  void aCancelledCallIsForgottenAndItsLateReplyDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeServer server =
        server(
            (index, conn) -> {
              byte[] first = conn.read();
              release.await();
              conn.reply(first, 0, TransportCalls.str("late"));
              FakeServer.echo().serve(index, conn);
            });
    TcpClientTransport client = client(server.port(), 1, true);
    CompletableFuture<Reply> first = call(client, "echo", "first", 5000);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.received.size() == 1);
    first.cancel(false);
    assertThat(client.pendingCount()).isZero();
    release.countDown();
    assertThat(get(call(client, "echo", "next", 2000)).payload()).isEqualTo(TransportCalls.str("next"));
  }

  @Test
  void twoHundredConcurrentCallsFromSixteenThreads() throws Exception {
    FakeServer server = server(FakeServer.echo());
    TcpClientTransport client = client(server.port(), 2, true);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Reply>> mine = new ArrayList<>();
                  List<String> args = new ArrayList<>();
                  for (int i = thread; i < 200; i += 16) {
                    String arg = "t" + thread + "-" + i;
                    args.add(arg);
                    mine.add(call(client, "echo", arg, 5000));
                  }
                  for (int i = 0; i < mine.size(); i++) {
                    assertThat(get(mine.get(i)).payload()).isEqualTo(TransportCalls.str(args.get(i)));
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(20, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.received).hasSize(200);
    assertThat(client.pendingCount()).isZero();
  }

  @Test
  void connectFailuresAreDescribedBriefly() {
    assertThat(
            Failures.describeConnectFailure(
                new java.net.ConnectException(
                    "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:5559")))
        .isEqualTo("Connection refused");
    assertThat(
            Failures.describeConnectFailure(
                new io.netty.channel.ConnectTimeoutException(
                    "connection timed out after 300 ms: /10.0.0.1:9")))
        .isEqualTo("connection timed out after 300 ms");
    assertThat(Failures.describeConnectFailure(new java.net.UnknownHostException("x.invalid")))
        .isEqualTo("unknown host x.invalid");
  }

  @Test
  void constructorRejectsAnEmptyPool() {
    assertThatThrownBy(
            () ->
                new TcpClientTransport(
                    new ClientSettings(
                        "127.0.0.1", 1, 0, true, 1024, Duration.ofSeconds(1), Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
