package io.zeroapi.internal.tcp;

import static io.zeroapi.testing.TransportCalls.call;

import io.zeroapi.testing.TransportCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.util.ResourceLeakDetector;
import io.zeroapi.ConnectionException;
import io.zeroapi.ZeroException;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.Reply;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Java client against the Java server, end to end over loopback. */
@Timeout(60)
class TcpIntegrationTest {
  private static final Logger log = LoggerFactory.getLogger(TcpIntegrationTest.class);

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  /** Replies with the request's argument bytes (the tail of its envelope). */
  private static final RequestHandler ECHO =
      EnvelopeHandlers.of((payload, sink) -> sink.reply(FakeServer.argument(Wire.frame(0, 0, payload)), false));

  private TcpServerTransport server(int port, RequestHandler handler) {
    TcpServerTransport server =
        new TcpServerTransport(ServerSettings.transport("127.0.0.1", port, 16 << 20, 128, 2), handler);
    server.start();
    resources.add(server::close);
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
                16 << 20,
                Duration.ofSeconds(2),
                Duration.ofMillis(500)));
    resources.add(client);
    return client;
  }

  /** Throughput runs without paranoid leak tracking (it records a stack trace per buffer). */
  private void noLeakTracking() {
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    resources.add(() -> ResourceLeakDetector.setLevel(level));
  }

  @Test
  void multiplexedThroughput() throws Exception {
    noLeakTracking();
    TcpServerTransport server = server(0, ECHO);
    TcpClientTransport client = client(server.port(), 4, true);
    runWindowed(client, 20_000, 1000); // warm-up
    long start = System.nanoTime();
    int n = 100_000;
    runWindowed(client, n, 1000);
    double seconds = (System.nanoTime() - start) / 1e9;
    log.info(
        "multiplexed, 4 connections, 1000 calls in flight: {} calls in {} s = {} calls/s",
        n,
        String.format("%.2f", seconds),
        String.format("%.0f", n / seconds));
    assertThat(client.pendingCount()).isZero();
  }

  /** Keeps {@code window} calls in flight from one thread; checks every reply. */
  private static void runWindowed(TcpClientTransport client, int n, int window) throws Exception {
    Semaphore permits = new Semaphore(window);
    AtomicInteger wrong = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    for (int i = 0; i < n; i++) {
      permits.acquire();
      String arg = "m" + (i % 1000);
      call(client, "echo", arg, 10_000)
          .whenComplete(
              (reply, error) -> {
                if (error != null || !java.util.Arrays.equals(reply.payload(), TransportCalls.str(arg))) {
                  wrong.incrementAndGet();
                }
                done.incrementAndGet();
                permits.release();
              });
    }
    permits.acquire(window);
    assertThat(done.get()).isEqualTo(n);
    assertThat(wrong.get()).isZero();
  }

  @Test
  void nioTransportWorksToo() throws Exception {
    System.setProperty(NettyIo.FORCE_NIO, "true");
    TcpServerTransport server;
    TcpClientTransport client;
    try {
      assertThat(NettyIo.select().name()).isEqualTo("nio");
      server = server(0, ECHO);
      client = client(server.port(), 2, true);
    } finally {
      System.clearProperty(NettyIo.FORCE_NIO);
    }
    runWindowed(client, 5_000, 200);
    CompletableFuture<Reply> slow = call(client, "echo", "x", 2000);
    assertThat(slow.get(5, TimeUnit.SECONDS).payload()).isEqualTo(TransportCalls.str("x"));
  }

  @Test
  void blockingCallersThroughput() throws Exception {
    noLeakTracking();
    TcpServerTransport server = server(0, ECHO);
    TcpClientTransport client = client(server.port(), 4, true);
    int threads = 64;
    int perThread = 2_000;
    AtomicInteger wrong = new AtomicInteger();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String arg = "t" + t;
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      try {
                        Reply r = call(client, "echo", arg, 10_000).get();
                        if (!java.util.Arrays.equals(r.payload(), TransportCalls.str(arg))) {
                          wrong.incrementAndGet();
                        }
                      } catch (Exception e) {
                        wrong.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    log.info(
        "64 blocking virtual-thread callers, 4 connections: {} calls in {} s = {} calls/s",
        threads * perThread,
        String.format("%.2f", seconds),
        String.format("%.0f", threads * perThread / seconds));
    assertThat(wrong.get()).isZero();
  }

  @Test
  void oneInFlightModeAgainstTheJavaServer() throws Exception {
    TcpServerTransport server = server(0, ECHO);
    TcpClientTransport client = client(server.port(), 2, false);
    List<CompletableFuture<Reply>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      calls.add(call(client, "echo", "q" + i, 10_000));
    }
    for (int i = 0; i < 500; i++) {
      assertThat(calls.get(i).get(10, TimeUnit.SECONDS).payload()).isEqualTo(TransportCalls.str("q" + i));
    }
  }

  @Test
  void serverRestartOnTheSamePortIsPickedUpByLaterCalls() throws Exception {
    TcpServerTransport first = server(0, ECHO);
    int port = first.port();
    TcpClientTransport client = client(port, 1, true);
    assertThat(call(client, "echo", "a", 2000).get(5, TimeUnit.SECONDS).payload())
        .isEqualTo(TransportCalls.str("a"));
    first.close();
    Throwable down = failure(call(client, "echo", "b", 2000));
    assertThat(down).isInstanceOf(ConnectionException.class);
    server(port, ECHO);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(ExecutionException.class)
        .untilAsserted(
            () ->
                assertThat(call(client, "echo", "c", 2000).get(5, TimeUnit.SECONDS).payload())
                    .isEqualTo(TransportCalls.str("c")));
  }

  @Test
  void closingTheClientUnderLoadCompletesEveryCall() throws Exception {
    TcpServerTransport server =
        server(
            0,
            EnvelopeHandlers.of((payload, sink) -> Thread.ofVirtual().start(() -> {
              try {
                Thread.sleep(5); // not a wait: work that takes time, so calls are in flight
              } catch (InterruptedException e) {
                return;
              }
              sink.reply(payload, false);
            })));
    TcpClientTransport client = client(server.port(), 2, true);
    List<CompletableFuture<Reply>> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 2000; i++) {
                      calls.add(call(client, "echo", "x", 10_000));
                    }
                  }));
    }
    // close while the callers are still calling and calls wait for their replies
    await()
        .atMost(Duration.ofSeconds(5))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> calls.size() >= 1_000 && client.pendingCount() > 0);
    client.close();
    for (Thread c : callers) {
      c.join();
    }
    for (CompletableFuture<Reply> call : calls) {
      try {
        call.get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ZeroException.class);
      }
    }
  }

  private static Throwable failure(CompletableFuture<Reply> future) throws Exception {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("completed normally");
  }
}
