package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.internal.Health;
import io.zeroapi.internal.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zero rolling-update}: three example servers ({@code zero serve} processes on 127.0.0.2-4)
 * under a steady load from one client, replaced one by one with SIGTERM and a fresh start, as a
 * Kubernetes rolling update would; reports failed calls, calls answered twice and the latency
 * before and during the update. A measurement, not a unit test: it takes a minute and three JVMs.
 */
@Command(
    name = "rolling-update",
    header = "Replaces 3 live servers one by one under load and reports lost calls and latency.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Starts 3 example servers ('zero serve' processes with a health port and a drain delay) on 127.0.0.2, "
          + "127.0.0.3 and 127.0.0.4, and one client that keeps a fixed number of echo calls in flight spread over "
          + "them, each call carrying a unique value its reply must echo. After --seconds of steady load each "
          + "server in turn gets SIGTERM (it reports itself not serving, keeps serving for the drain delay, then "
          + "finishes its calls in flight and exits) and a fresh server takes its place.",
      "Prints the failed calls (goal 0), the calls answered twice or with another value (must be 0) and the "
          + "latency percentiles before and during the update. Exit 0 when no call failed or was answered twice.",
      "Linux routes all of 127.0.0.0/8 to the loopback interface; elsewhere (macOS) add the aliases first "
          + "or use --hosts 127.0.0.1,127.0.0.1,127.0.0.1 (distinct ports are then picked)."
    },
    footer = {"", "Example:", "  zero rolling-update --protocol tcp --seconds 10"})
public final class RollingUpdateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "tcp", converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.Names.class,
      description = "The transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Protocol protocol;

  @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
      description = "Steady load measured before the update, and the pause after each replacement is N/5 "
          + "(default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "10",
      description = "Seconds of load before the measurement starts, for the JIT (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64",
      description = "Calls the client keeps in flight (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--drain-delay", paramLabel = "MS", defaultValue = "2000",
      description = "The servers' drain delay (zero serve --drain-delay; default: ${DEFAULT-VALUE}).")
  long drainDelayMillis;

  @Option(names = "--hosts", paramLabel = "H1,H2,H3", split = ",", defaultValue = "127.0.0.2,127.0.0.3,127.0.0.4",
      description = "The three servers' loopback addresses (default: ${DEFAULT-VALUE}).")
  List<String> hosts;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || inFlight < 1 || warmupSeconds < 0 || drainDelayMillis < 0 || hosts.size() < 2) {
      throw new ParameterException(spec.commandLine(),
          "--seconds and --in-flight must be positive, --warmup and --drain-delay not negative, --hosts at least 2 addresses");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path logs = Files.createTempDirectory("zero-rolling-update");
    List<ServerSlot> servers = new ArrayList<>();
    Thread reaper = Thread.ofPlatform().unstarted(() -> servers.forEach(ServerSlot::kill));
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      for (int i = 0; i < hosts.size(); i++) {
        servers.add(new ServerSlot(i, hosts.get(i), freePort(hosts.get(i)), freePort(hosts.get(i)), logs));
      }
      for (ServerSlot server : servers) {
        server.start();
      }
      for (ServerSlot server : servers) {
        server.awaitServing(Duration.ofSeconds(60));
      }
      out.printf("rolling update: %d servers (%s, zero serve --drain-delay %d) on %s; %d calls in flight from one "
          + "client; server logs in %s%n", servers.size(), ProtocolConverter.name(protocol), drainDelayMillis,
          servers.stream().map(ServerSlot::address).toList(), inFlight, logs);
      out.flush();
      try (LoadTarget target = new RoundRobinTarget(protocol, servers.stream().map(ServerSlot::address).toList())) {
        Load load = new Load(target, inFlight);
        load.start();
        Thread.sleep(Duration.ofSeconds(warmupSeconds)); // JIT warm-up of the four JVMs, not measured
        load.phase(Load.BEFORE);
        Thread.sleep(Duration.ofSeconds(seconds));
        load.phase(Load.DURING);
        long updateStart = System.nanoTime();
        for (ServerSlot server : servers) {
          long t0 = System.nanoTime();
          int exit = server.terminate(Duration.ofMillis(drainDelayMillis).plus(ServerSettings.DEFAULT_SHUTDOWN_GRACE_PERIOD)
              .plusSeconds(10));
          long exited = System.nanoTime();
          server.start();
          server.awaitServing(Duration.ofSeconds(60));
          long serving = System.nanoTime();
          out.printf("  %s: SIGTERM, exited (code %d) after %.1f s, fresh server serving %.1f s later%n",
              server.address(), exit, (exited - t0) / 1e9, (serving - exited) / 1e9);
          out.flush();
          Thread.sleep(Duration.ofMillis(Math.max(1000, seconds * 200L))); // let the client take it back
        }
        double updateSeconds = (System.nanoTime() - updateStart) / 1e9;
        load.phase(Load.AFTER);
        load.stop(Duration.ofSeconds(30));
        Load.Report report = load.report();
        out.printf("before: %s%n", report.before().describe(seconds));
        out.printf("during: %s%n", report.during().describe(updateSeconds));
        out.printf("failed calls: %d; answered twice: %d; answered with another value: %d; "
            + "retried on another server (refused by a draining server, never run): %d%n",
            report.failed(), report.duplicates(), report.wrong(), target.retries());
        if (!report.failures().isEmpty()) {
          out.printf("first failures: %s%n", report.failures());
        }
        out.flush();
        return report.failed() == 0 && report.duplicates() == 0 && report.wrong() == 0 ? 0 : Main.EXIT_FAILURE;
      }
    } finally {
      servers.forEach(ServerSlot::kill);
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs
      }
    }
  }

  /** A port free on {@code host} now (bind 0, read it, release it). */
  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }

  /** One server position: the process that holds it now, replaced on {@link #start()}. */
  private final class ServerSlot {
    private final int index;
    private final String host;
    private final int port;
    private final int healthPort;
    private final Path logs;
    private int generation;
    private Process process;
    private Path log;

    ServerSlot(int index, String host, int port, int healthPort, Path logs) {
      this.index = index;
      this.host = host;
      this.port = port;
      this.healthPort = healthPort;
      this.logs = logs;
    }

    HostPort address() {
      return new HostPort(host, port);
    }

    /** Starts a fresh {@code zero serve} JVM in this position. */
    void start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) {
          command.add(arg);
        }
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
          "--protocol", ProtocolConverter.name(protocol), "--host", host, "--port", Integer.toString(port),
          "--health-port", Integer.toString(healthPort), "--drain-delay", Long.toString(drainDelayMillis)));
      log = logs.resolve("server-" + index + "-" + generation++ + ".log");
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Polls {@value Health#FUNCTION_NAME} until it answers SERVING. */
    void awaitServing(Duration limit) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      try (ZeroClient client = ZeroClient.builder(host, port).protocol(protocol)
          .maxReconnectBackoff(Duration.ofMillis(100)).build()) {
        while (System.nanoTime() < deadline) {
          if (!process.isAlive()) {
            throw new IOException("server " + address() + " exited with " + process.exitValue() + ": "
                + String.join("\n", Files.readAllLines(log)));
          }
          try {
            if (Map.of(Health.STATUS_KEY, Health.SERVING)
                .equals(client.call(Health.FUNCTION_NAME, null, Object.class, Duration.ofMillis(500)))) {
              return;
            }
          } catch (RuntimeException notYet) {
            // not bound yet
          }
          Thread.sleep(50);
        }
      }
      throw new IOException("server " + address() + " not serving after " + limit.toSeconds() + " s; log " + log);
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate(Duration limit) throws InterruptedException, IOException {
      process.destroy(); // SIGTERM on Unix: the server's shutdown hook drains and closes
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("server " + address() + " did not exit within " + limit.toSeconds() + " s of SIGTERM");
      }
      return process.exitValue();
    }

    void kill() {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * What the load runs on: one client over several servers. Today {@link RoundRobinTarget}; the
   * multi-endpoint client (issue 10 sections 1-2) takes its place by implementing these two methods.
   */
  interface LoadTarget extends AutoCloseable {
    /** Calls {@code echo(value)} on one of the servers; completes with the reply or the call's failure. */
    java.util.concurrent.CompletableFuture<String> echo(String value);

    /** Calls sent again to another server because the first one certainly did not run them. */
    long retries();

    @Override
    void close();
  }

  /**
   * The stand-in until the multi-endpoint client exists: one {@link io.zeroapi.AsyncZeroClient} per
   * server, a health watcher per server ({@value Health#FUNCTION_NAME} every 100 ms), round robin
   * over the servers that answered SERVING, and a retry on the next one only when the call certainly
   * did not run: the server refused it ("Server is shutting down", a {@link
   * io.zeroapi.ServerUnavailableException}) or the TCP client could not connect ("Cannot connect to",
   * nothing was written). A call that timed out or lost its connection is a failure, never retried.
   */
  static final class RoundRobinTarget implements LoadTarget {
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean closed;

    private static final class Endpoint {
      final io.zeroapi.AsyncZeroClient calls;
      final ZeroClient probe;
      volatile boolean serving = true;
      Thread watcher;

      Endpoint(io.zeroapi.AsyncZeroClient calls, ZeroClient probe) {
        this.calls = calls;
        this.probe = probe;
      }
    }

    RoundRobinTarget(Protocol protocol, List<HostPort> servers) {
      for (HostPort server : servers) {
        ZeroClient.Builder builder = ZeroClient.builder(server.host(), server.port()).protocol(protocol)
            .timeout(Duration.ofSeconds(10)).maxReconnectBackoff(Duration.ofMillis(200));
        Endpoint endpoint = new Endpoint(builder.buildAsync(), builder.build());
        endpoint.watcher = Thread.ofVirtual().name("health-" + server).start(() -> watch(endpoint));
        endpoints.add(endpoint);
      }
    }

    private void watch(Endpoint endpoint) {
      while (!closed) {
        boolean serving;
        try {
          serving = Map.of(Health.STATUS_KEY, Health.SERVING)
              .equals(endpoint.probe.call(Health.FUNCTION_NAME, null, Object.class, Duration.ofMillis(500)));
        } catch (RuntimeException e) {
          serving = false;
        }
        endpoint.serving = serving;
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public java.util.concurrent.CompletableFuture<String> echo(String value) {
      java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
      attempt(value, result, endpoints.size());
      return result;
    }

    private void attempt(String value, java.util.concurrent.CompletableFuture<String> result, int attemptsLeft) {
      Endpoint endpoint = pick();
      endpoint.calls.call("echo", value, String.class).whenComplete((reply, failure) -> {
        if (failure == null) {
          result.complete(reply);
        } else if (attemptsLeft > 1 && certainlyNotRun(failure)) {
          endpoint.serving = false; // until its watcher says otherwise
          retries.incrementAndGet();
          attempt(value, result, attemptsLeft - 1);
        } else {
          result.completeExceptionally(failure);
        }
      });
    }

    /** The next server in turn that answered SERVING; any server if none did (the call then says why). */
    private Endpoint pick() {
      int n = endpoints.size();
      long start = next.getAndIncrement();
      for (int i = 0; i < n; i++) {
        Endpoint candidate = endpoints.get((int) ((start + i) % n));
        if (candidate.serving) {
          return candidate;
        }
      }
      return endpoints.get((int) (start % n));
    }

    private static boolean certainlyNotRun(Throwable failure) {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      return cause instanceof io.zeroapi.ServerUnavailableException
          || (cause instanceof io.zeroapi.ConnectionException && cause.getMessage() != null
              && cause.getMessage().startsWith("Cannot connect to"));
    }

    @Override
    public long retries() {
      return retries.get();
    }

    @Override
    public void close() {
      closed = true;
      for (Endpoint endpoint : endpoints) {
        endpoint.watcher.interrupt();
        endpoint.calls.close();
        endpoint.probe.close();
      }
    }
  }

  /** A fixed number of echo calls in flight, each slot sending its next call when the last completes. */
  static final class Load {
    static final int WARMUP = 0;
    static final int BEFORE = 1;
    static final int DURING = 2;
    static final int AFTER = 3;

    private final LoadTarget target;
    private final Slot[] slots;
    private volatile int phase = WARMUP;
    private volatile boolean running = true;
    private final CountDownLatch stopped;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    Load(LoadTarget target, int inFlight) {
      this.target = target;
      this.slots = new Slot[inFlight];
      this.stopped = new CountDownLatch(inFlight);
      for (int i = 0; i < inFlight; i++) {
        slots[i] = new Slot(i);
      }
    }

    void start() {
      for (Slot slot : slots) {
        slot.send();
      }
    }

    void phase(int phase) {
      this.phase = phase;
    }

    void stop(Duration limit) throws InterruptedException {
      running = false;
      if (!stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        failures.add(stopped.getCount() + " calls still in flight " + limit.toSeconds() + " s after the load stopped");
        failed.addAndGet(stopped.getCount());
      }
    }

    Report report() {
      return new Report(latencies(BEFORE), latencies(DURING), failed.get(), duplicates.get(), wrong.get(),
          List.copyOf(failures.subList(0, Math.min(5, failures.size()))));
    }

    private Latencies latencies(int phase) {
      int total = 0;
      for (Slot slot : slots) {
        total += slot.count[phase];
      }
      long[] all = new long[total];
      int at = 0;
      for (Slot slot : slots) {
        System.arraycopy(slot.nanos[phase], 0, all, at, slot.count[phase]);
        at += slot.count[phase];
      }
      Arrays.sort(all);
      return new Latencies(all);
    }

    /** One call in flight at a time; its arrays are touched by one completion at a time. */
    private final class Slot {
      private final int id;
      private long sequence;
      private final java.util.BitSet answered = new java.util.BitSet();
      private final long[][] nanos = new long[4][1024];
      private final int[] count = new int[4];

      Slot(int id) {
        this.id = id;
      }

      void send() {
        if (!running) {
          stopped.countDown();
          return;
        }
        long seq = sequence++;
        String value = id + "-" + seq;
        int callPhase = phase;
        long start = System.nanoTime();
        AtomicReference<Boolean> sync = new AtomicReference<>(Boolean.TRUE);
        target.echo(value).whenComplete((reply, failure) -> {
          record(callPhase, System.nanoTime() - start, seq, value, reply, failure);
          if (sync.get()) {
            // completed inside echo(): continue on another thread rather than deepen this stack
            Thread.ofVirtual().start(this::send);
          } else {
            send();
          }
        });
        sync.set(Boolean.FALSE);
      }

      private void record(int callPhase, long latency, long seq, String value, String reply, Throwable failure) {
        if (failure != null) {
          failed.incrementAndGet();
          if (failures.size() < 5) {
            failures.add(value + ": " + failure);
          }
          return;
        }
        if (!value.equals(reply)) {
          wrong.incrementAndGet();
          return;
        }
        if (answered.get((int) seq)) {
          duplicates.incrementAndGet();
        }
        answered.set((int) seq);
        if (nanos[callPhase].length == count[callPhase]) {
          nanos[callPhase] = Arrays.copyOf(nanos[callPhase], count[callPhase] * 2);
        }
        nanos[callPhase][count[callPhase]++] = latency;
      }
    }

    record Report(Latencies before, Latencies during, long failed, long duplicates, long wrong, List<String> failures) {}
  }

  /** Sorted call latencies of one phase. */
  record Latencies(long[] sortedNanos) {
    double percentileMillis(double p) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, index)] / 1e6;
    }

    String describe(double seconds) {
      return String.format("%d calls in %.1f s (%.0f calls/s), p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
          sortedNanos.length, seconds, sortedNanos.length / seconds, percentileMillis(50), percentileMillis(99),
          percentileMillis(99.9), percentileMillis(100));
    }
  }
}
