package io.zeroapi.benchmarks.harness;

import static io.zeroapi.benchmarks.harness.SystemId.GRPC;
import static io.zeroapi.benchmarks.harness.SystemId.JEROMQ;
import static io.zeroapi.benchmarks.harness.SystemId.LIBZMQ;
import static io.zeroapi.benchmarks.harness.SystemId.NETTY;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_TCP;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_TCP_INLINE;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_TCP_OBSERVED;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_TCP_VT;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_ZMQ_INLINE;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_ZMQ_JEROMQ;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_TCP_POOL;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_ZMQ_ASYNC;
import static io.zeroapi.benchmarks.harness.SystemId.ZERO_ZMQ_SYNC;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What to run: configurations, the systems of each, rounds and timings. */
record Plan(
    String mode,
    List<Entry> entries,
    int rounds,
    long warmupMillis,
    long measureMillis,
    boolean openLoop,
    long openWarmupMillis,
    long openMeasureMillis,
    List<String> serverJvmFlags,
    long idleWaitMillis,
    long prewarmMillis) {

  /** One configuration: a workload at {@code connections} × {@code perConnection} calls in flight. */
  record Config(Workload workload, int connections, int perConnection) {
    String shape() {
      return connections + "x" + perConnection;
    }

    int inFlight() {
      return connections * perConnection;
    }

    String label() {
      return workload.label() + " " + shape();
    }
  }

  /** A configuration and the systems that run it. */
  record Entry(Config config, List<SystemId> systems) {}

  static final List<Integer> CONCURRENCY = List.of(1, 16, 64, 256);

  /** Identical for every server JVM. */
  static List<String> standardJvmFlags() {
    List<String> flags = new ArrayList<>(List.of(
        "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:ActiveProcessorCount=2", "-XX:+UseG1GC"));
    flags.addAll(jdkFlags());
    return withOneCollector(flags);
  }

  /** For the CI smoke: small heap, no pre-touch, so the servers start in well under a second. */
  static List<String> lightJvmFlags() {
    List<String> flags = new ArrayList<>(List.of("-Xms64m", "-Xmx256m", "-XX:ActiveProcessorCount=2", "-XX:+UseG1GC",
        "-Xshare:auto"));
    flags.addAll(jdkFlags());
    return withOneCollector(flags);
  }

  /** G1 unless {@code ZERO_BENCH_SERVER_OPTS} chose another collector (e.g. {@code -XX:+UseZGC}). */
  private static List<String> withOneCollector(List<String> flags) {
    if (flags.stream().filter(f -> f.startsWith("-XX:+Use") && f.endsWith("GC")).count() > 1) {
      flags.remove("-XX:+UseG1GC");
    }
    return flags;
  }

  /**
   * Flags every server JVM gets on this JDK, plus those of the environment variable {@code
   * ZERO_BENCH_SERVER_OPTS} (split on spaces), e.g. to record a profile of the servers:
   * {@code ZERO_BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile"}.
   */
  private static List<String> jdkFlags() {
    List<String> flags = new ArrayList<>();
    String extra = System.getenv("ZERO_BENCH_SERVER_OPTS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.strip().split("\\s+")));
    }
    // What the README asks of a server's JVM: lets the default server schedule calls on its event loops.
    flags.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    int feature = Runtime.version().feature();
    if (feature >= 22) {
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    if (feature >= 23) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }

  /**
   * About three and a half minutes: the configurations the targets need, a pre-warm of every (system,
   * workload), then 2 rounds of 1 s warm-up + 1.5 s measurement per run.
   */
  static Plan shortPlan(Set<SystemId> allowed, Set<Workload> workloads) {
    List<Entry> entries = new ArrayList<>();
    add(entries, allowed, workloads, new Config(Workload.HELLO, 1, 1), ZERO_TCP, NETTY, GRPC, ZERO_ZMQ_ASYNC, ZERO_ZMQ_JEROMQ, JEROMQ, LIBZMQ);
    add(entries, allowed, workloads, new Config(Workload.HELLO, 1, 64),
        ZERO_TCP, ZERO_TCP_INLINE, ZERO_TCP_VT, ZERO_TCP_OBSERVED, NETTY, GRPC, ZERO_ZMQ_ASYNC, ZERO_ZMQ_SYNC, ZERO_ZMQ_INLINE,
        ZERO_ZMQ_JEROMQ, JEROMQ, LIBZMQ,
        SystemId.ZERO_TCP_TLS, SystemId.ZERO_TCP_TLS_OPENSSL, SystemId.GRPC_TLS); // TLS: with --systems only (SystemId.byDefault)
    // The original's benchmark shape: many connections, one call in flight on each (T2b/T2c).
    add(entries, allowed, workloads, new Config(Workload.HELLO, 16, 1), ZERO_TCP, ZERO_TCP_POOL, ZERO_TCP_INLINE, ZERO_TCP_VT, NETTY);
    add(entries, allowed, workloads, new Config(Workload.HELLO, 64, 1), ZERO_TCP, ZERO_TCP_POOL, ZERO_TCP_INLINE, ZERO_TCP_VT, NETTY, GRPC, JEROMQ, LIBZMQ);
    add(entries, allowed, workloads, new Config(Workload.HELLO, 256, 1), ZERO_TCP, ZERO_TCP_POOL, ZERO_TCP_VT, NETTY);
    add(entries, allowed, workloads, new Config(Workload.ECHO_1K, 1, 64), ZERO_TCP, ZERO_TCP_VT, NETTY, GRPC, ZERO_ZMQ_ASYNC, JEROMQ, LIBZMQ);
    add(entries, allowed, workloads, new Config(Workload.ECHO_64K, 1, 1), ZERO_TCP, NETTY, GRPC);
    add(entries, allowed, workloads, new Config(Workload.REDIS, 1, 64), ZERO_TCP, ZERO_TCP_INLINE, ZERO_TCP_VT, ZERO_ZMQ_ASYNC);
    add(entries, allowed, workloads, new Config(Workload.REDIS, 16, 1), ZERO_TCP, ZERO_TCP_POOL);
    add(entries, allowed, workloads, new Config(Workload.REDIS, 64, 1), ZERO_TCP, ZERO_TCP_POOL, ZERO_TCP_VT);
    add(entries, allowed, workloads, new Config(Workload.REDIS, 256, 1), ZERO_TCP, ZERO_TCP_POOL);
    return new Plan("short", entries, 2, 1_000, 1_500, false, 0, 0, standardJvmFlags(), 1_500, 1_000);
  }

  /**
   * Everything: all workloads × 1/16/64/256 in both shapes × all systems but the inline ones (the
   * short run has them where they inform a target), 5 rounds, 10 s + 20 s, open loop at 50 %.
   */
  static Plan fullPlan(Set<SystemId> allowed, Set<Workload> workloads, int rounds) {
    List<Entry> entries = new ArrayList<>();
    for (Workload w : Workload.values()) {
      for (Config c : shapes(w)) {
        add(entries, allowed, workloads, c, SystemId.withoutInline());
      }
    }
    return new Plan("full", entries, Math.max(rounds, 5), 10_000, 20_000, true, 5_000, 20_000, standardJvmFlags(), 5_000, 5_000);
  }

  /** The CI smoke: hello at 1×4, one round, about a second per system. */
  static Plan quickPlan(Set<SystemId> allowed) {
    List<Entry> entries = new ArrayList<>();
    add(entries, allowed, EnumSet.of(Workload.HELLO), new Config(Workload.HELLO, 1, 4), SystemId.values());
    return new Plan("quick", entries, 1, 500, 1_000, false, 0, 0, lightJvmFlags(), 500, 0);
  }

  private static List<Config> shapes(Workload w) {
    List<Config> configs = new ArrayList<>();
    for (int n : CONCURRENCY) {
      configs.add(new Config(w, 1, n));
      if (n > 1) {
        configs.add(new Config(w, n, 1));
      }
    }
    return configs;
  }

  private static void add(List<Entry> entries, Set<SystemId> allowed, Set<Workload> workloads, Config config,
      SystemId... systems) {
    if (!workloads.contains(config.workload())) {
      return;
    }
    Set<SystemId> chosen = new LinkedHashSet<>();
    for (SystemId s : systems) {
      if (allowed.contains(s) && s.supports(config.workload(), config.connections(), config.perConnection())) {
        chosen.add(s);
      }
    }
    if (!chosen.isEmpty()) {
      entries.add(new Entry(config, List.copyOf(chosen)));
    }
  }

  Plan withRounds(int r) {
    return new Plan(mode, entries, r, warmupMillis, measureMillis, openLoop, openWarmupMillis, openMeasureMillis,
        serverJvmFlags, idleWaitMillis, prewarmMillis);
  }

  Plan withTimes(long warmup, long measure) {
    return new Plan(mode, entries, rounds, warmup, measure, openLoop, openWarmupMillis, openMeasureMillis,
        serverJvmFlags, idleWaitMillis, prewarmMillis);
  }

  Plan withOpenLoop(boolean on) {
    return new Plan(mode, entries, rounds, warmupMillis, measureMillis, on, openWarmupMillis == 0 ? 2_000 : openWarmupMillis,
        openMeasureMillis == 0 ? 5_000 : openMeasureMillis, serverJvmFlags, idleWaitMillis, prewarmMillis);
  }

  /** Only the configurations of these shapes ({@code 64x1}, ...). */
  Plan onlyShapes(Set<String> shapes) {
    List<Entry> kept = entries.stream().filter(e -> shapes.contains(e.config().shape())).toList();
    return new Plan(mode, kept, rounds, warmupMillis, measureMillis, openLoop, openWarmupMillis, openMeasureMillis,
        serverJvmFlags, idleWaitMillis, prewarmMillis);
  }

  Plan without(Workload workload) {
    List<Entry> kept = entries.stream().filter(e -> e.config().workload() != workload).toList();
    return new Plan(mode, kept, rounds, warmupMillis, measureMillis, openLoop, openWarmupMillis, openMeasureMillis,
        serverJvmFlags, idleWaitMillis, prewarmMillis);
  }

  /** Open-loop runs are made for these workloads only (hello and redis: the latency-under-load targets). */
  static boolean openLoopFor(Workload w) {
    return w == Workload.HELLO || w == Workload.REDIS;
  }

  Set<ServerKind> servers() {
    Set<ServerKind> kinds = new LinkedHashSet<>();
    entries.forEach(e -> e.systems().forEach(s -> kinds.add(s.server())));
    return kinds;
  }

  boolean needsRedis() {
    return entries.stream().anyMatch(e -> e.config().workload() == Workload.REDIS);
  }

  int runsPerRound() {
    return entries.stream().mapToInt(e -> e.systems().size()).sum();
  }

  int openRunsPerRound() {
    return openLoop ? entries.stream().filter(e -> openLoopFor(e.config().workload()))
        .mapToInt(e -> e.systems().size()).sum() : 0;
  }

  /** The (system, workload) pairs the pre-warm phase runs, each for {@link #prewarmMillis()}. */
  List<java.util.Map.Entry<SystemId, Workload>> prewarms() {
    Set<java.util.Map.Entry<SystemId, Workload>> pairs = new LinkedHashSet<>();
    entries.forEach(e -> e.systems().forEach(s -> pairs.add(java.util.Map.entry(s, e.config().workload()))));
    return prewarmMillis > 0 ? List.copyOf(pairs) : List.of();
  }

  /** Estimated wall time in seconds (0.6 s of overhead per run, 10 s of server start-up). */
  long estimatedSeconds() {
    double prewarm = prewarms().size() * (prewarmMillis / 1000.0 + 0.4);
    double closed = runsPerRound() * ((warmupMillis + measureMillis) / 1000.0 + 0.6);
    double open = openRunsPerRound() * ((openWarmupMillis + openMeasureMillis) / 1000.0 + 0.6);
    return Math.round(prewarm + rounds * (closed + open) + 10);
  }
}
