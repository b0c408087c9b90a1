package io.zeroapi.benchmarks.alloc;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.ZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side heap allocation per {@code hello_world} call over real TCP. The server runs in this
 * JVM with default settings (virtual thread per call); the client runs in a child JVM, so
 * everything this JVM allocates while the client calls is the server's (plus a little background
 * noise, measured in an idle window of the same length and reported).
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* \
 *       io.zeroapi.benchmarks.alloc.ServerAllocation [calls=200000] [inFlight=64] [rounds=3] [executor=default]
 * </pre>
 *
 * Uses {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes} (JDK 21+); a
 * self-check first shows whether allocation by virtual threads is included (it is accounted to the
 * carrier thread).
 */
public final class ServerAllocation {
  private ServerAllocation() {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("client")) {
      client(args);
      return;
    }
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    // What-if variants of the worker executor (the server's default is a named virtual thread per call).
    String executor = args.length > 3 ? args[3] : "default";
    THREADS.setThreadAllocatedMemoryEnabled(true);
    io.zeroapi.benchmarks.jmh.QuietLogs.apply();

    selfCheck();

    ZeroServer.Builder builder = ZeroServer.builder().protocol(Protocol.TCP).port(0);
    switch (executor) {
      case "default" -> { }
      case "vt-unnamed" -> builder.executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      case "vt-same-name" -> builder.executor(java.util.concurrent.Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("zero-worker").factory()));
      case "vt-untracked" -> {
        java.util.concurrent.ThreadFactory f = Thread.ofVirtual().name("zero-worker").factory();
        builder.executor(task -> f.newThread(task).start());
      }
      default -> throw new IllegalArgumentException("executor: default | vt-unnamed | vt-same-name | vt-untracked");
    }
    System.out.println("worker executor: " + executor);
    try (ZeroServer server = builder.build()
        .register("hello_world", () -> "hello world")
        .start()) {
      Process child = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED",
              "-cp", System.getProperty("java.class.path"),
              ServerAllocation.class.getName(), "client",
              String.valueOf(server.port()), String.valueOf(calls), String.valueOf(inFlight),
              String.valueOf(rounds))
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      PrintStream out = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
      expect(in, "warm");

      // background noise of this JVM over an idle window
      long idleStart = THREADS.getTotalThreadAllocatedBytes();
      long idleNanosStart = System.nanoTime();
      Thread.sleep(1000);
      long idleBytes = THREADS.getTotalThreadAllocatedBytes() - idleStart;
      double idleRate = idleBytes / ((System.nanoTime() - idleNanosStart) / 1e9);
      System.out.printf("idle server JVM: %.0f B/s%n", idleRate);

      for (int r = 1; r <= rounds; r++) {
        Map<String, Long> before = perThread();
        long[] io0 = syscalls();
        long start = THREADS.getTotalThreadAllocatedBytes();
        long t0 = System.nanoTime();
        out.println("go");
        expect(in, "done");
        long seconds = System.nanoTime() - t0;
        long total = THREADS.getTotalThreadAllocatedBytes() - start;
        long[] io1 = syscalls();
        Map<String, Long> after = perThread();
        double secs = seconds / 1e9;
        System.out.printf("round %d: %d calls in %.2f s (%.0f calls/s): server allocated %.1f B/call"
                + " (%.1f B/call after subtracting idle noise)%n",
            r, calls, secs, calls / secs, (double) total / calls, (total - idleRate * secs) / calls);
        if (io0 != null && io1 != null) {
          System.out.printf("    read syscalls %.3f/call, write syscalls %.3f/call (calls per write: %.1f)%n",
              (double) (io1[0] - io0[0]) / calls, (double) (io1[1] - io0[1]) / calls,
              (double) calls / Math.max(1, io1[1] - io0[1]));
        }
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((k, v) -> delta.merge(k, v - before.getOrDefault(k, 0L), Long::sum));
        delta.forEach((k, v) -> {
          if (v > calls) {
            System.out.printf("    %-28s %8.1f B/call%n", k, (double) v / calls);
          }
        });
      }
      out.println("exit");
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** {syscr, syscw} of this process from /proc/self/io (Linux), or null. */
  private static long[] syscalls() {
    try {
      long r = -1;
      long w = -1;
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("syscr:")) {
          r = Long.parseLong(line.substring(6).trim());
        } else if (line.startsWith("syscw:")) {
          w = Long.parseLong(line.substring(6).trim());
        }
      }
      return r < 0 || w < 0 ? null : new long[] {r, w};
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /** Whether the JVM-wide total counts what virtual threads allocate. */
  private static void selfCheck() throws InterruptedException {
    long before = THREADS.getTotalThreadAllocatedBytes();
    AtomicLong sink = new AtomicLong();
    Thread vt = Thread.ofVirtual().start(() -> {
      for (int i = 0; i < 64; i++) {
        sink.addAndGet(new byte[1 << 20].length);
      }
    });
    vt.join();
    long delta = THREADS.getTotalThreadAllocatedBytes() - before;
    System.out.printf("self-check: a virtual thread allocated 64 MiB; the JVM total grew by %.1f MiB (%s)%n",
        delta / 1048576.0, delta >= 64L << 20 ? "virtual threads are included" : "NOT included");
  }

  /** Allocated bytes of live platform threads, grouped by name with digits removed. */
  private static Map<String, Long> perThread() {
    long[] ids = THREADS.getAllThreadIds();
    long[] bytes = THREADS.getThreadAllocatedBytes(ids);
    var infos = THREADS.getThreadInfo(ids);
    Map<String, Long> m = new TreeMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && bytes[i] >= 0) {
        m.merge(infos[i].getThreadName().replaceAll("\\d+", "#"), bytes[i], Long::sum);
      }
    }
    return m;
  }

  private static void expect(BufferedReader in, String word) throws Exception {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals(word)) {
        return;
      }
      System.out.println("client: " + line);
    }
    throw new IllegalStateException("client ended before saying " + word);
  }

  // ---- the child: a closed-loop client -------------------------------------------------------

  private static void client(String[] args) throws Exception {
    io.zeroapi.benchmarks.jmh.QuietLogs.apply();
    int port = Integer.parseInt(args[1]);
    int calls = Integer.parseInt(args[2]);
    int inFlight = Integer.parseInt(args[3]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (AsyncZeroClient client = ZeroClient.builder("127.0.0.1", port).protocol(Protocol.TCP)
        .timeout(Duration.ofSeconds(30)).buildAsync()) {
      run(client, Math.max(calls, 100_000), inFlight); // warm-up
      System.out.println("warm");
      String line;
      while ((line = in.readLine()) != null && line.equals("go")) {
        run(client, calls, inFlight);
        System.out.println("done");
      }
    }
  }

  private static void run(AsyncZeroClient client, int calls, int inFlight) throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(calls);
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      slots.acquire();
      client.call("hello_world", String.class).whenComplete((v, f) -> {
        if (f != null) {
          synchronized (failures) {
            failures.add(f);
          }
        }
        slots.release();
        done.countDown();
      });
    }
    done.await();
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " calls failed", failures.get(0));
    }
  }
}
