package io.zeroapi.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Runs a {@link Plan}: starts the servers (and Redis), runs the rounds, returns every run. */
final class Bench {
  /** What a whole session produced. */
  record Session(Plan plan, List<RunResult> runs, Instant started, Duration took, long seed, List<String> notes) {}

  private final Plan plan;
  private final Path logDir;
  private final long seed;
  private final List<String> notes = new ArrayList<>();
  private final long selfPid = ProcessHandle.current().pid();

  Bench(Plan plan, Path logDir, long seed) {
    this.plan = plan;
    this.logDir = logDir;
    this.seed = seed;
  }

  Session run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Files.createDirectories(logDir);
    Plan effective = plan;
    RedisProcess redis = null;
    Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
    List<RunResult> runs = new ArrayList<>();
    try {
      if (effective.needsRedis()) {
        Path binary = RedisProcess.find();
        String reason = RedisProcess.unavailableReason(binary);
        if (reason == null) {
          try {
            redis = RedisProcess.start(binary, logDir);
            progress("redis-server started on 127.0.0.1:" + redis.port + " (pid " + redis.pid() + ")");
          } catch (IOException e) {
            reason = e.getMessage();
          }
        }
        if (redis == null) {
          progress("skipping the redis workload: " + reason);
          effective = skipRedis(effective, reason, notes);
        }
      }
      int redisPort = redis == null ? 0 : redis.port;
      for (ServerKind kind : effective.servers()) {
        boolean zero = kind.isZero();
        ServerProcess server = ServerProcess.start(kind, effective.serverJvmFlags(), zero ? redisPort : 0, logDir);
        servers.put(kind, server);
        progress("server " + kind.label() + " ready on 127.0.0.1:" + server.port + " (pid " + server.pid() + ")");
      }
      Random random = new Random(seed);
      prewarm(effective, servers, redis);
      int total = effective.rounds() * (effective.runsPerRound() + effective.openRunsPerRound());
      int done = 0;
      for (int round = 1; round <= effective.rounds(); round++) {
        for (Plan.Entry entry : effective.entries()) {
          List<SystemId> order = new ArrayList<>(entry.systems());
          Collections.shuffle(order, random);
          Map<SystemId, Double> maxima = new HashMap<>();
          for (SystemId system : order) {
            RunResult r = runOne(round, system, entry.config(), servers.get(system.server()), redis, "closed", 0,
                effective.warmupMillis(), effective.measureMillis());
            runs.add(r);
            maxima.put(system, r.throughput());
            progress(String.format("[round %d/%d, run %d/%d] %s", round, effective.rounds(), ++done, total, line(r)));
          }
          if (effective.openLoop() && Plan.openLoopFor(entry.config().workload())) {
            Collections.shuffle(order, random);
            for (SystemId system : order) {
              double rate = maxima.getOrDefault(system, 0.0) * 0.5;
              RunResult r = rate < 1
                  ? RunResult.failed(round, system, entry.config(), "open", "no closed-loop maximum to take 50 % of")
                  : runOne(round, system, entry.config(), servers.get(system.server()), redis, "open", rate,
                      effective.openWarmupMillis(), effective.openMeasureMillis());
              runs.add(r);
              progress(String.format("[round %d/%d, run %d/%d] %s", round, effective.rounds(), ++done, total, line(r)));
            }
          }
        }
      }
    } finally {
      for (ServerProcess s : servers.values()) {
        s.close();
      }
      if (redis != null) {
        redis.close();
      }
      Processes.stopAll();
    }
    return new Session(effective, runs, started, Duration.ofNanos(System.nanoTime() - t0), seed, notes);
  }

  /** The plan without its redis workload, and why in {@code notes} (the report's Notes); nothing is installed. */
  static Plan skipRedis(Plan plan, String reason, List<String> notes) {
    notes.add(REDIS_SKIPPED + reason);
    return plan.without(Workload.REDIS);
  }

  /** How the note of a skipped redis workload starts. */
  static final String REDIS_SKIPPED = "Redis workload skipped: ";

  /**
   * JIT warm-up of every server and of the driver's clients before round 1 (grpc-java in particular
   * needs many seconds; its own harness gives Java 15 s): each (system, workload) of the plan runs
   * closed loop at 16 in flight for the plan's pre-warm time; nothing is recorded.
   */
  private void prewarm(Plan plan, Map<ServerKind, ServerProcess> servers, RedisProcess redis) throws InterruptedException {
    LoadDriver.Window none = new LoadDriver.Window() {
      @Override
      public void atStart() {}

      @Override
      public void atEnd() {}
    };
    for (Map.Entry<SystemId, Workload> pair : plan.prewarms()) {
      SystemId system = pair.getKey();
      Workload workload = pair.getValue();
      if (workload == Workload.REDIS && redis == null) {
        continue;
      }
      ServerProcess server = servers.get(system.server());
      int connections = system == SystemId.ZERO_TCP_POOL ? 16 : 1;
      int perConnection = system == SystemId.ZERO_TCP_POOL ? 1 : 16;
      try (BenchClient client = Clients.create(system, workload, server.port, connections)) {
        LoadDriver.Measurement m = LoadDriver.closedLoop(client, connections, perConnection,
            TimeUnit.MILLISECONDS.toNanos(plan.prewarmMillis()), TimeUnit.MILLISECONDS.toNanos(200), none);
        progress(String.format("pre-warm %-15s %-8s %9.0f calls/s%s", system.label(), workload.label(), m.throughput(),
            m.errors() > 0 ? " errors=" + m.errors() : ""));
      } catch (RuntimeException e) {
        progress("pre-warm " + system.label() + " " + workload.label() + " failed: " + e);
      }
    }
  }

  private static String line(RunResult r) {
    String what = String.format("%-8s %-6s %-15s %s", r.config().workload().label(), r.config().shape(),
        r.system().label(), r.loop().equals("open") ? String.format("open@%.0f/s", r.targetRate()) : "");
    if (!r.ok()) {
      return what + " FAILED: " + r.failure();
    }
    return String.format("%s %9.0f calls/s  p50 %7.1f µs  p99 %8.1f µs  alloc %s B/call  cpu srv %.1f cli %.1f µs/call"
            + "  srv switches %.2f/call  foreign %.0f%%%s%s",
        what, r.throughput(), r.p50Us(), r.p99Us(),
        r.allocBytesPerCall() == null ? "-" : String.format("%.0f", r.allocBytesPerCall()),
        nz(r.serverCpuUsPerCall()), nz(r.clientCpuUsPerCall()), nz(r.serverSwitchesPerCall()), r.foreignPct(), r.busy() ? " BUSY" : "",
        r.errors() > 0 ? " errors=" + r.errors() : "");
  }

  private static double nz(Double d) {
    return d == null ? Double.NaN : d;
  }

  static void progress(String message) {
    System.err.println("bench: " + message);
  }

  // ---------------------------------------------------------------------------------------------

  private final class Probe implements LoadDriver.Window {
    final ServerProcess server;
    final RedisProcess redis;
    ServerProcess.Stats s0;
    ServerProcess.Stats s1;
    long server0;
    long server1;
    long self0;
    long self1;
    long redis0;
    long redis1;
    long switches0;
    long switches1;
    Machine.CpuTotals cpu0;
    Machine.CpuTotals cpu1;
    IOException failure;

    Probe(ServerProcess server, RedisProcess redis) {
      this.server = server;
      this.redis = redis;
    }

    @Override
    public void atStart() {
      cpu0 = Machine.cpuTotals();
      server0 = Machine.processTicks(server.pid());
      switches0 = Machine.contextSwitches(server.pid());
      self0 = Machine.processTicks(selfPid);
      redis0 = redis == null ? 0 : Machine.processTicks(redis.pid());
      try {
        s0 = server.stats();
      } catch (IOException e) {
        failure = e;
      }
    }

    @Override
    public void atEnd() {
      try {
        s1 = server.stats();
      } catch (IOException e) {
        failure = e;
      }
      cpu1 = Machine.cpuTotals();
      server1 = Machine.processTicks(server.pid());
      switches1 = Machine.contextSwitches(server.pid());
      self1 = Machine.processTicks(selfPid);
      redis1 = redis == null ? 0 : Machine.processTicks(redis.pid());
    }
  }

  private RunResult runOne(int round, SystemId system, Plan.Config config, ServerProcess server, RedisProcess redis,
      String loop, double rate, long warmupMillis, long measureMillis) throws InterruptedException {
    if (server == null || !server.alive()) {
      return RunResult.failed(round, system, config, loop, "server " + system.server().label() + " is not running");
    }
    double idle = Machine.waitForIdle(0.85, plan.idleWaitMillis());
    RedisProcess usedRedis = config.workload() == Workload.REDIS ? redis : null;
    Probe probe = new Probe(server, usedRedis);
    LoadDriver.Measurement m;
    try (BenchClient client = Clients.create(system, config.workload(), server.port, config.connections())) {
      long warmup = TimeUnit.MILLISECONDS.toNanos(warmupMillis);
      long measure = TimeUnit.MILLISECONDS.toNanos(measureMillis);
      m = loop.equals("open")
          ? LoadDriver.openLoop(client, config.connections(), rate, warmup, measure, probe)
          : LoadDriver.closedLoop(client, config.connections(), config.perConnection(), warmup, measure, probe);
    } catch (RuntimeException e) {
      return RunResult.failed(round, system, config, loop, e.toString());
    }
    if (probe.failure != null) {
      return RunResult.failed(round, system, config, loop, probe.failure.getMessage());
    }
    Histogram h = m.histogram();
    long serverCalls = probe.s1.calls() - probe.s0.calls();
    long calls = m.calls();
    Double alloc = serverCalls > 0 ? (double) (probe.s1.allocTotal() - probe.s0.allocTotal()) / serverCalls : null;
    Double allocThreads = serverCalls > 0 ? (double) (probe.s1.allocThreads() - probe.s0.allocThreads()) / serverCalls : null;
    double tickUs = 1e6 / Machine.HZ;
    Double serverCpu = calls > 0 ? (probe.server1 - probe.server0) * tickUs / calls : null;
    Double clientCpu = calls > 0 ? (probe.self1 - probe.self0) * tickUs / calls : null;
    Double serverSwitches = calls > 0 && probe.switches1 > 0 ? (double) (probe.switches1 - probe.switches0) / calls : null;
    long busy = probe.cpu1.busy() - probe.cpu0.busy();
    long all = probe.cpu1.total() - probe.cpu0.total();
    long ours = (probe.server1 - probe.server0) + (probe.self1 - probe.self0) + (probe.redis1 - probe.redis0);
    double foreign = all <= 0 ? 0 : Math.max(0, 100.0 * (busy - ours) / all);
    String failure = calls == 0 ? "no call completed (" + m.errors() + " errors)" : null;
    return new RunResult(round, system, config, loop, rate, m.throughput(),
        h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
        h.getMaxValue() / 1e3, calls, m.errors(), alloc, allocThreads, serverCpu, clientCpu, serverSwitches,
        probe.s1.gcCount() - probe.s0.gcCount(), foreign, idle, failure);
  }
}
