package io.zeroapi.benchmarks.jmh;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.ZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Client and server in this JVM over loopback TCP: {@code hello_world} with {@code inFlight}
 * calls outstanding on one multiplexed connection (closed loop: each operation waits for a free
 * slot, then sends one call). Throughput is calls/s; with {@code -prof gc}, B/op counts client and
 * server together. For micro-costs only: the load harness measures across processes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class TcpRoundTripBenchmark {
  @Param({"64"})
  public int inFlight;

  private ZeroServer server;
  private AsyncZeroClient client;
  private Semaphore slots;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    QuietLogs.apply();
    server = ZeroServer.builder().protocol(Protocol.TCP).port(0).ioThreads(1).build()
        .register("hello_world", () -> "hello world")
        .start();
    client = ZeroClient.builder("127.0.0.1", server.port()).protocol(Protocol.TCP).timeout(Duration.ofSeconds(10)).buildAsync();
    if (!"hello world".equals(client.call("hello_world", String.class).get(10, TimeUnit.SECONDS))) {
      throw new IllegalStateException("unexpected reply");
    }
    slots = new Semaphore(inFlight);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    slots.acquire(inFlight); // let the last calls finish
    client.close();
    server.close();
  }

  @Benchmark
  public void hello() throws InterruptedException {
    slots.acquire();
    client.call("hello_world", String.class).whenComplete((value, failure) -> {
      slots.release();
      if (failure != null) {
        failure.printStackTrace();
      }
    });
  }
}
