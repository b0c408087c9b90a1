package io.zeroapi.internal.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ZeroServer and ZeroClient over {@link Protocol#ZMQ} with a test codec: the wiring through
 * Transports, the dispatcher and ClientCore. Also prints a rough throughput figure.
 */
@Timeout(60)
class ZmqEndToEndTest {

  @Test
  void protocolParsesZmqNames() {
    assertThat(Protocol.values()[0]).isEqualTo(Protocol.ZMQ);
    assertThat(Protocol.parse("zmq")).isEqualTo(Protocol.ZMQ);
    assertThat(Protocol.parse(" ZeroMQ ")).isEqualTo(Protocol.ZMQ);
    assertThat(Protocol.parse("ZMQ")).isEqualTo(Protocol.ZMQ);
    assertThat(Protocol.parse("tcp")).isEqualTo(Protocol.TCP);
  }

  @Test
  void serverAndClientTalkOverZmq() throws Exception {
    try (ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.ZMQ)
        .codec(ZmqTestSupport.FakeCodec.INSTANCE).build()) {
      server.register("echo", String.class, text -> text);
      server.register("hello_world", () -> "hello world");
      server.start();
      assertThat(server.port()).isPositive();
      ZeroClient.Builder builder = ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.ZMQ)
          .codec(ZmqTestSupport.FakeCodec.INSTANCE);
      try (ZeroClient client = builder.build()) {
        AsyncZeroClient async = client.async();
        assertThat(client.call("echo", "hi", String.class)).isEqualTo("hi");
        assertThat(client.call("hello_world", String.class)).isEqualTo("hello world");
        assertThat(client.call("connect", String.class)).isEqualTo("connected");
        assertThat(async.call("echo", "async", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("async");
        measureThroughput(client, async);
      }
    }
  }

  /** Not an assertion: prints calls per second, blocking (16 threads) and pipelined (async). */
  private static void measureThroughput(ZeroClient client, AsyncZeroClient async) throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < 2_000; i++) {
      client.call("echo", "ping", String.class);
    }
    System.out.printf("ZMQ latency: %,d us per sequential call%n", (System.nanoTime() - t0) / 2_000 / 1_000);
    int threads = 16;
    long millis = 1_500;
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try (ExecutorService callers = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(callers.submit(() -> {
          while (System.nanoTime() < end) {
            client.call("echo", "ping", String.class);
            done.increment();
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    System.out.printf("ZMQ throughput: %,d blocking calls/s (%d threads)%n", done.sum() * 1000 / millis, threads);

    int window = 512;
    int total = 100_000;
    long start = System.nanoTime();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(window);
    CompletableFuture<?>[] last = new CompletableFuture<?>[1];
    for (int i = 0; i < total; i++) {
      inFlight.acquire();
      last[0] = async.call("echo", "ping", String.class).whenComplete((value, failure) -> inFlight.release());
    }
    inFlight.acquire(window);
    long elapsed = System.nanoTime() - start;
    System.out.printf("ZMQ throughput: %,d pipelined calls/s (async, %d in flight)%n",
        total * 1_000_000_000L / elapsed, window);
  }
}
