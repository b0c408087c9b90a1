package io.zeroapi.internal.zmq.libzmq;

import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqContext;
import io.zeroapi.internal.zmq.ZmqEngine;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of the libzmq engine alone: a DEALER and a ROUTER echo in one JVM on loopback TCP, each
 * on its own thread sleeping in its {@link IoWaiter} by the protocol the transports follow. Not a
 * test (surefire runs {@code *Test} only); run it by hand on JDK 22+ (see ZmqThroughputManual for
 * the class path, plus {@code zero-core/target/classes/META-INF/versions/22}):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ... io.zeroapi.internal.zmq.libzmq.LibzmqRoundTripManual [seconds=3]
 * </pre>
 */
final class LibzmqRoundTripManual {
  private LibzmqRoundTripManual() {}

  /** Runs it. @param args [seconds] @throws Exception if it fails */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    ZmqEngine engine = (ZmqEngine) Class.forName("io.zeroapi.internal.zmq.libzmq.LibzmqEngine")
        .getMethod("load").invoke(null);
    try (ZmqContext context = engine.newContext(1)) {
      ZmqSocket router = context.router();
      router.setHighWaterMarks(100_000);
      String endpoint = router.bind("tcp://127.0.0.1:*");
      IoWaiter serverWaiter = context.newWaiter();
      serverWaiter.register(router);
      Thread server = Thread.ofPlatform().daemon().start(() -> echo(router, serverWaiter));

      ZmqSocket dealer = context.dealer();
      dealer.setHighWaterMarks(100_000);
      dealer.connect(endpoint, null);
      IoWaiter waiter = context.newWaiter();
      waiter.register(dealer);
      byte[] payload = new byte[40];
      for (int round = 0; round < 3; round++) {
        latency(dealer, waiter, payload, seconds);
        throughput(dealer, waiter, payload, seconds, 64);
      }
      System.exit(0);
    }
  }

  private static void echo(ZmqSocket router, IoWaiter waiter) {
    while (true) {
      byte[] id = router.receive(true);
      if (id != null) {
        byte[] body = router.receive(true);
        router.send(id, true);
        router.send(body, false);
        continue;
      }
      waiter.prepareToSleep();
      if ((router.events() & ZmqSocket.POLLIN) != 0) {
        waiter.awake();
      } else {
        waiter.sleep(1000);
      }
    }
  }

  private static byte[] next(ZmqSocket dealer, IoWaiter waiter) {
    while (true) {
      byte[] frame = dealer.receive(true);
      if (frame != null) {
        return frame;
      }
      waiter.prepareToSleep();
      if ((dealer.events() & ZmqSocket.POLLIN) != 0) {
        waiter.awake();
      } else {
        waiter.sleep(1000);
      }
    }
  }

  private static void latency(ZmqSocket dealer, IoWaiter waiter, byte[] payload, int seconds) {
    long[] samples = new long[4_000_000];
    int n = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (n < samples.length) {
      long start = System.nanoTime();
      if (start > end) {
        break;
      }
      dealer.send(payload, false);
      next(dealer, waiter);
      samples[n++] = System.nanoTime() - start;
    }
    Arrays.sort(samples, 0, n);
    System.out.printf(Locale.ROOT, "1x1: %d round trips/s, p50 %.1f us, p99 %.1f us, p999 %.1f us%n",
        n / seconds, samples[n / 2] / 1e3, samples[(int) (n * 0.99)] / 1e3, samples[(int) (n * 0.999)] / 1e3);
  }

  /** Bytes allocated by this thread so far (by reflection: the test sources are compiled in the module). */
  private static long allocatedBytes() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
          .invoke(bean);
    } catch (ReflectiveOperationException e) {
      return 0;
    }
  }

  private static void throughput(ZmqSocket dealer, IoWaiter waiter, byte[] payload, int seconds, int inFlight) {
    for (int i = 0; i < inFlight; i++) {
      dealer.send(payload, false);
    }
    long done = 0;
    long allocated = allocatedBytes();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      next(dealer, waiter);
      done++;
      dealer.send(payload, false);
    }
    long bytes = allocatedBytes() - allocated;
    for (int i = 0; i < inFlight; i++) {
      next(dealer, waiter);
    }
    System.out.printf(Locale.ROOT, "1x%d: %d round trips/s, %d bytes allocated per round trip (client thread)%n",
        inFlight, done * 1_000_000_000L / (System.nanoTime() - start), bytes / Math.max(1, done));
  }
}
