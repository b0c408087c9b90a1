package io.zeroapi.internal.zmq;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A repeatable, JMH-free measurement of the ZeroMQ transport against raw JeroMQ and the TCP
 * transport, client and server in one JVM on loopback. Not a test (surefire runs {@code *Test}
 * only); run it by hand:
 *
 * <pre>
 * mvn -B -q -o -DskipTests install
 * mvn -B -q -o -pl zero-core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp zero-core/target/test-classes:zero-core/target/classes:$(cat /tmp/cp.txt) \
 *     io.zeroapi.internal.zmq.ZmqThroughputManual [seconds=3] [rounds=3] [inFlight=64] [which=raw,zmq,tcp]
 * </pre>
 *
 * <p>Per round and peer: a warm-up of one period, then {@code seconds} of async calls with {@code
 * inFlight} outstanding (a semaphore, like {@code ./zero demo}), then 5,000 sequential blocking
 * calls (mean, median, p99 and max round trip). The peers run interleaved round by round, so background load
 * hits them alike. "raw" is a JeroMQ DEALER (one thread, window of {@code inFlight}) against a
 * ROUTER echo thread: no thread hand-off beyond JeroMQ's own, the ceiling of any transport on it.
 */
public final class ZmqThroughputManual {
  private static final int SEQUENTIAL = 5_000;

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    String which = args.length > 3 ? args[3] : "raw,zmq,tcp";
    System.out.printf(Locale.ROOT, "java %s, %d CPUs, %.1f s per run, %d in flight%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), seconds, inFlight);
    for (int round = 1; round <= rounds; round++) {
      for (String peer : which.split(",")) {
        String load = loadAverage();
        Result result = switch (peer) {
          case "raw" -> raw(seconds, inFlight);
          case "zmq" -> zero(Protocol.ZMQ, seconds, inFlight);
          case "tcp" -> zero(Protocol.TCP, seconds, inFlight);
          default -> throw new IllegalArgumentException(peer);
        };
        System.out.printf(Locale.ROOT,
            "round %d %-4s %,9.0f calls/s (%d in flight) | sequential: mean %,6.0f us, p50 %,6.0f us,"
                + " p99 %,7.0f us, max %,7.0f us | load %s%n",
            round, peer, result.callsPerSecond, inFlight, result.meanMicros, percentile(result.nanos, 0.5),
            percentile(result.nanos, 0.99), percentile(result.nanos, 1.0), load);
      }
    }
  }

  private record Result(double callsPerSecond, double meanMicros, long[] nanos) {}

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Our transports, through ZeroServer / ZeroClient (dispatcher, virtual threads, default codec).

  private static Result zero(Protocol protocol, double seconds, int inFlight) throws Exception {
    try (ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol).build()) {
      server.register("echo", String.class, text -> text);
      server.start();
      ZeroClient.Builder builder = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol);
      try (ZeroClient client = builder.build(); AsyncZeroClient async = builder.buildAsync()) {
        client.call("echo", "warm", String.class);
        pipelined(async, seconds, inFlight); // warm-up
        double rate = pipelined(async, seconds, inFlight);
        long[] nanos = new long[SEQUENTIAL];
        for (int i = 0; i < 1_000; i++) {
          client.call("echo", "ping", String.class);
        }
        for (int i = 0; i < SEQUENTIAL; i++) {
          long t0 = System.nanoTime();
          client.call("echo", "ping", String.class);
          nanos[i] = System.nanoTime() - t0;
        }
        return new Result(rate, mean(nanos), nanos);
      }
    }
  }

  private static double pipelined(AsyncZeroClient client, double seconds, int inFlight) throws Exception {
    Semaphore permits = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      if (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        continue;
      }
      CompletableFuture<String> future = client.call("echo", "ping", String.class);
      future.whenComplete((value, error) -> {
        if (error == null) {
          done.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        permits.release();
      });
    }
    if (!permits.tryAcquire(inFlight, 10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("calls still in flight");
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " calls failed");
    }
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  // ---------------------------------------------------------------------------------------------
  // Raw JeroMQ: ROUTER echo thread, DEALER driven by the measuring thread.

  private static Result raw(double seconds, int inFlight) throws Exception {
    try (ZContext serverContext = new ZContext(1); ZContext clientContext = new ZContext(1)) {
      ZMQ.Socket router = serverContext.createSocket(SocketType.ROUTER);
      router.setLinger(0);
      router.setReceiveTimeOut(100);
      int port = router.bindToRandomPort("tcp://127.0.0.1");
      AtomicLong stop = new AtomicLong();
      Thread echo = Thread.ofPlatform().name("raw-router").start(() -> {
        while (stop.get() == 0) {
          byte[] identity = router.recv(0);
          if (identity == null) {
            continue;
          }
          byte[] frame = router.recv(0);
          router.send(identity, ZMQ.SNDMORE);
          router.send(frame, 0);
        }
        router.close();
      });
      ZMQ.Socket dealer = clientContext.createSocket(SocketType.DEALER);
      dealer.setLinger(0);
      dealer.setHandshakeIvl(1_000);
      dealer.connect("tcp://127.0.0.1:" + port);
      byte[] request = ZmqTestSupport.request(ZmqTestSupport.id(1), "echo", ZmqTestSupport.msgpack("ping"));
      dealer.send(request, 0);
      dealer.recv(0);
      rawPipelined(dealer, request, seconds, inFlight); // warm-up
      double rate = rawPipelined(dealer, request, seconds, inFlight);
      long[] nanos = new long[SEQUENTIAL];
      for (int i = 0; i < 1_000; i++) {
        dealer.send(request, 0);
        dealer.recv(0);
      }
      for (int i = 0; i < SEQUENTIAL; i++) {
        long t0 = System.nanoTime();
        dealer.send(request, 0);
        dealer.recv(0);
        nanos[i] = System.nanoTime() - t0;
      }
      stop.set(1);
      echo.join();
      dealer.close();
      return new Result(rate, mean(nanos), nanos);
    }
  }

  private static double rawPipelined(ZMQ.Socket dealer, byte[] request, double seconds, int inFlight) {
    for (int i = 0; i < inFlight; i++) {
      dealer.send(request, 0);
    }
    long done = 0;
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    while (true) {
      dealer.recv(0);
      done++;
      if ((done & 63) == 0 && System.nanoTime() >= deadline) {
        break;
      }
      dealer.send(request, 0);
    }
    for (int i = 1; i < inFlight; i++) {
      dealer.recv(0);
      done++;
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  private static double mean(long[] nanos) {
    return Arrays.stream(nanos).average().orElse(0) / 1_000;
  }

  private static double percentile(long[] nanos, double fraction) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * fraction))] / 1_000.0;
  }
}
