package io.zeroapi.benchmarks.stress;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroException;
import io.zeroapi.ZeroMqEngine;
import io.zeroapi.ZeroServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Many fresh ZeroMQ clients, one call each: the check that no ZMTP handshake hangs (JeroMQ 0.6.0
 * stalls about one fresh connection in ten until the client redials; libzmq should not at all).
 * Each client is built, calls {@code hello_world} once with a 5 s timeout, and is closed; a few
 * run at once. A call that fails is a hang; one slower than 100 ms is a stall.
 */
public final class FreshConnections {
  /** A first call slower than this is counted as a stall. */
  static final long STALL_MICROS = 100_000;

  private FreshConnections() {}

  /** The outcome for one client engine. */
  public record Result(String engine, int connections, int failures, int stalls, Histogram micros) {
    public String line() {
      return String.format("| %s | %,d | %d | %d | %,d | %,d | %,d | %,d |", engine, connections, failures, stalls,
          micros.getValueAtPercentile(50), micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9),
          micros.getMaxValue());
    }
  }

  /** Runs {@code connections} fresh clients of each engine against one server (on the default engine). */
  public static List<Result> run(int connections, int concurrency, PrintStream out) throws Exception {
    List<Result> results = new ArrayList<>();
    try (ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(Protocol.ZMQ).build()) {
      server.register("hello_world", () -> "hello world");
      server.start();
      for (ZeroMqEngine engine : List.of(ZeroMqEngine.LIBZMQ, ZeroMqEngine.JEROMQ)) {
        try {
          ZeroClient.builder("127.0.0.1", server.port()).zmqEngine(engine).build().close();
        } catch (ZeroException e) {
          out.println("fresh-connections: " + engine + " skipped: " + e.getMessage());
          continue;
        }
        results.add(one(engine, server.port(), connections, concurrency));
        out.println("fresh-connections: " + results.get(results.size() - 1).line());
      }
    }
    return results;
  }

  private static Result one(ZeroMqEngine engine, int port, int connections, int concurrency) throws Exception {
    Histogram micros = new Histogram(60_000_000L, 3);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger stalls = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        workers.add(pool.submit(() -> {
          while (next.getAndIncrement() < connections) {
            long start = System.nanoTime();
            try (ZeroClient client = ZeroClient.builder("127.0.0.1", port).zmqEngine(engine)
                .timeout(Duration.ofSeconds(5)).build()) {
              client.call("hello_world", String.class);
            } catch (ZeroException e) {
              failures.incrementAndGet();
            }
            long took = (System.nanoTime() - start) / 1_000;
            if (took > STALL_MICROS) {
              stalls.incrementAndGet();
            }
            synchronized (micros) {
              micros.recordValue(Math.min(took, micros.getHighestTrackableValue()));
            }
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(engine.name().toLowerCase(java.util.Locale.ROOT), connections, failures.get(), stalls.get(), micros);
  }

  /** The table's heading, in Markdown. */
  public static String heading() {
    return "| client engine | fresh clients | failed (hang) | over 100 ms (stall) | p50 µs | p99 µs | p99.9 µs | max µs |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  }
}
