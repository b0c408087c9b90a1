package io.zeroapi.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/** Aggregates a {@link Bench.Session} (medians over rounds, same-round ratios, targets) and writes md, json and svg. */
final class Report {
  /** Medians over the rounds of one (system, workload, shape, loop). */
  record Aggregate(SystemId system, Plan.Config config, String loop, int rounds, int busyRounds, double throughput,
      double throughputMin, double throughputMax, double targetRate, double p50Us, double p99Us, double p999Us,
      double maxUs, Double allocBytesPerCall, Double allocThreadsBytesPerCall, Double serverCpuUsPerCall,
      Double clientCpuUsPerCall, Double serverSwitchesPerCall, long errors) {}

  /** A same-round ratio: median and range over the rounds where both runs succeeded. */
  record Ratio(String name, String config, String metric, List<Double> values) {
    double median() {
      return Report.median(values);
    }

    double min() {
      return values.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
    }

    double max() {
      return values.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
    }
  }

  /** One target of the issue: its figure and whether it is met. */
  record Target(String id, String text, String figure, String status) {}

  /** What a smoke run ({@code --quick}) says instead of judging targets. */
  static final String SMOKE_NOTE =
      "smoke run: figures from a seconds-long run, not a measurement; no target is judged (run ./zero bench for that)";

  /** The status of every target in a smoke run. */
  static final String NOT_JUDGED = "not judged (smoke run)";

  private final Bench.Session session;
  private final Map<String, Object> machine;
  private final String javaVersion;
  private final Map<String, String> versions;
  private final String command;
  private final List<Aggregate> aggregates = new ArrayList<>();
  private final List<Ratio> ratios = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();

  Report(Bench.Session session, Map<String, Object> machine, String javaVersion, Map<String, String> versions,
      String command) {
    this.session = session;
    this.machine = machine;
    this.javaVersion = javaVersion;
    this.versions = versions;
    this.command = command;
    aggregate();
    ratios();
    evaluateTargets();
  }

  List<Aggregate> aggregates() {
    return aggregates;
  }

  List<Target> targets() {
    return targets;
  }

  /** Whether this is a smoke run ({@code --quick}): its figures inform nothing, so no target is judged. */
  boolean smoke() {
    return session.plan().mode().equals("quick");
  }

  // ---------------------------------------------------------------------------------------------

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(d -> d != null && !d.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Double medianOrNull(List<RunResult> runs, Function<RunResult, Double> f) {
    List<Double> values = runs.stream().map(f).filter(Objects::nonNull).toList();
    return values.isEmpty() ? null : median(values);
  }

  private void aggregate() {
    Map<String, List<RunResult>> groups = new LinkedHashMap<>();
    for (RunResult r : session.runs()) {
      groups.computeIfAbsent(key(r.system(), r.config(), r.loop()), k -> new ArrayList<>()).add(r);
    }
    for (List<RunResult> all : groups.values()) {
      List<RunResult> ok = all.stream().filter(RunResult::ok).toList();
      RunResult first = all.get(0);
      if (ok.isEmpty()) {
        continue;
      }
      aggregates.add(new Aggregate(first.system(), first.config(), first.loop(), ok.size(),
          (int) ok.stream().filter(RunResult::busy).count(),
          median(ok.stream().map(RunResult::throughput).toList()),
          ok.stream().mapToDouble(RunResult::throughput).min().orElse(Double.NaN),
          ok.stream().mapToDouble(RunResult::throughput).max().orElse(Double.NaN),
          median(ok.stream().map(RunResult::targetRate).toList()),
          median(ok.stream().map(RunResult::p50Us).toList()),
          median(ok.stream().map(RunResult::p99Us).toList()),
          median(ok.stream().map(RunResult::p999Us).toList()),
          median(ok.stream().map(RunResult::maxUs).toList()),
          medianOrNull(ok, RunResult::allocBytesPerCall),
          medianOrNull(ok, RunResult::allocThreadsBytesPerCall),
          medianOrNull(ok, RunResult::serverCpuUsPerCall),
          medianOrNull(ok, RunResult::clientCpuUsPerCall),
          medianOrNull(ok, RunResult::serverSwitchesPerCall),
          ok.stream().mapToLong(RunResult::errors).sum()));
    }
  }

  private static String key(SystemId s, Plan.Config c, String loop) {
    return s.name() + "|" + c.workload() + "|" + c.shape() + "|" + loop;
  }

  Aggregate find(SystemId s, Workload w, String shape) {
    return aggregates.stream()
        .filter(a -> a.system() == s && a.config().workload() == w && a.config().shape().equals(shape) && a.loop().equals("closed"))
        .findFirst().orElse(null);
  }

  private RunResult run(int round, SystemId s, Workload w, String shape) {
    return session.runs().stream()
        .filter(r -> r.round() == round && r.system() == s && r.config().workload() == w
            && r.config().shape().equals(shape) && r.loop().equals("closed") && r.ok())
        .findFirst().orElse(null);
  }

  private Ratio ratio(String name, SystemId a, Workload wa, SystemId b, Workload wb, String shape, String metric) {
    Function<RunResult, Double> f = metric.equals("p50") ? RunResult::p50Us : RunResult::throughput;
    List<Double> values = new ArrayList<>();
    for (int round = 1; round <= session.plan().rounds(); round++) {
      RunResult ra = run(round, a, wa, shape);
      RunResult rb = run(round, b, wb, shape);
      if (ra != null && rb != null && f.apply(rb) > 0) {
        values.add(f.apply(ra) / f.apply(rb));
      }
    }
    String config = wa == wb ? wa.label() + " " + shape : shape;
    return new Ratio(name, config, metric, values);
  }

  private void ratios() {
    record Pair(SystemId a, SystemId b) {}
    List<Pair> pairs = List.of(
        new Pair(SystemId.ZERO_TCP, SystemId.NETTY), new Pair(SystemId.ZERO_TCP_POOL, SystemId.NETTY),
        new Pair(SystemId.ZERO_TCP_INLINE, SystemId.NETTY), new Pair(SystemId.ZERO_TCP_VT, SystemId.NETTY),
        new Pair(SystemId.ZERO_ZMQ_INLINE, SystemId.JEROMQ),
        new Pair(SystemId.ZERO_TCP, SystemId.GRPC), new Pair(SystemId.ZERO_ZMQ_ASYNC, SystemId.JEROMQ),
        new Pair(SystemId.ZERO_ZMQ_SYNC, SystemId.JEROMQ), new Pair(SystemId.ZERO_TCP, SystemId.ZERO_ZMQ_ASYNC),
        new Pair(SystemId.ZERO_ZMQ_ASYNC, SystemId.GRPC), new Pair(SystemId.NETTY, SystemId.GRPC),
        new Pair(SystemId.ZERO_ZMQ_ASYNC, SystemId.LIBZMQ), new Pair(SystemId.ZERO_ZMQ_INLINE, SystemId.LIBZMQ),
        new Pair(SystemId.JEROMQ, SystemId.LIBZMQ), new Pair(SystemId.ZERO_ZMQ_ASYNC, SystemId.ZERO_ZMQ_JEROMQ),
        new Pair(SystemId.ZERO_ZMQ_ASYNC, SystemId.ZERO_TCP), new Pair(SystemId.ZERO_TCP_OBSERVED, SystemId.ZERO_TCP));
    for (Plan.Entry e : session.plan().entries()) {
      Plan.Config c = e.config();
      for (Pair p : pairs) {
        if (e.systems().contains(p.a()) && e.systems().contains(p.b())) {
          Ratio r = ratio(p.a().label() + " / " + p.b().label(), p.a(), c.workload(), p.b(), c.workload(), c.shape(), "throughput");
          if (!r.values().isEmpty()) {
            ratios.add(r);
          }
        }
      }
      if (c.inFlight() == 1 && e.systems().contains(SystemId.ZERO_TCP) && e.systems().contains(SystemId.NETTY)) {
        Ratio r = ratio("zero-tcp / netty (p50 latency)", SystemId.ZERO_TCP, c.workload(), SystemId.NETTY, c.workload(), c.shape(), "p50");
        if (!r.values().isEmpty()) {
          ratios.add(r);
        }
      }
      if (c.workload() == Workload.REDIS) {
        for (SystemId s : e.systems()) {
          Ratio r = ratio(s.label() + " redis / hello", s, Workload.REDIS, s, Workload.HELLO, c.shape(), "throughput");
          if (!r.values().isEmpty()) {
            ratios.add(r);
          }
        }
      }
    }
  }

  private Ratio findRatio(String name, String config, String metric) {
    return ratios.stream().filter(r -> r.name().equals(name) && r.config().equals(config) && r.metric().equals(metric))
        .findFirst().orElse(null);
  }

  private void ratioTarget(String id, String text, String name, String config, String metric, double threshold,
      boolean atLeast, Double stretch) {
    Ratio r = findRatio(name, config, metric);
    if (r == null) {
      boolean redisSkipped = name.contains("redis") && session.notes().stream().anyMatch(n -> n.startsWith(Bench.REDIS_SKIPPED));
      targets.add(new Target(id, text, "—", redisSkipped
          ? "not measured (the redis workload was skipped: see Notes)"
          : "not measured (" + name + " at " + config + " was not run or failed)"));
      return;
    }
    double m = r.median();
    boolean met = atLeast ? m >= threshold : m <= threshold;
    boolean allMet = atLeast ? r.min() >= threshold : r.max() <= threshold;
    boolean anyMet = atLeast ? r.max() >= threshold : r.min() <= threshold;
    String figure = String.format(Locale.ROOT, "%.2f× (rounds: %s, n=%d)", m, range(r.min(), r.max(), "%.2f"), r.values().size());
    String status = met ? (allMet ? "**met**" : "**met** (median; not in every round)") : (anyMet ? "not met (median; met in some rounds)" : "not met");
    if (met && stretch != null) {
      status += m >= stretch ? ", stretch met" : ", stretch not met";
    }
    targets.add(new Target(id, text, figure, status));
  }

  /**
   * Adds to a target's figure what the same server gives with its functions on the I/O thread
   * (zero-tcp-inline, zero-zmq-inline): it separates the transport's cost from the virtual-thread hop. Information
   * only; the target is judged on the default server.
   */
  private void withInlineFigure(String id, String ratio, String config) {
    withFigure(id, ratio, config, "with functions on the I/O thread (" + ratio.substring(0, ratio.indexOf(' ')) + ", not the default)");
  }

  /** Adds another system's ratio to a target's figure, for information. */
  private void withFigure(String id, String ratio, String config, String what) {
    Ratio r = findRatio(ratio, config, "throughput");
    for (int i = 0; r != null && i < targets.size(); i++) {
      Target t = targets.get(i);
      if (t.id().equals(id)) {
        targets.set(i, new Target(t.id(), t.text(), t.figure() + String.format(Locale.ROOT, "; %s: %.2f×", what, r.median()),
            t.status()));
      }
    }
  }

  private void evaluateTargets() {
    ratioTarget("T1", "Zero TCP hello at 1×64 ≥ 3× grpc-java (stretch 4×)", "zero-tcp / grpc", "hello 1x64", "throughput", 3, true, 4.0);
    ratioTarget("T2a", "Zero TCP hello at 1×64 ≥ 60 % of raw Netty", "zero-tcp / netty", "hello 1x64", "throughput", 0.6, true, null);
    for (String shape : List.of("64x1", "16x1")) {
      String n = shape.replace("x1", "");
      ratioTarget("T2b-" + n, "Zero TCP hello at " + n + "×1 ≥ 85 % of raw Netty (multiplexed client, connections(" + n + "))",
          "zero-tcp / netty", "hello " + shape, "throughput", 0.85, true, null);
      ratioTarget("T2c-" + n, "Zero TCP pooled one-in-flight client, hello at " + n + "×1 ≥ 85 % of raw Netty",
          "zero-tcp-pool / netty", "hello " + shape, "throughput", 0.85, true, null);
      withFigure("T2b-" + n, "zero-tcp-vt / netty", "hello " + shape, "on the JDK's default scheduler (zero-tcp-vt, without --add-opens)");
    }
    withFigure("T2a", "zero-tcp-vt / netty", "hello 1x64", "on the JDK's default scheduler (zero-tcp-vt, without --add-opens)");
    withInlineFigure("T2a", "zero-tcp-inline / netty", "hello 1x64");
    withInlineFigure("T2b-64", "zero-tcp-inline / netty", "hello 64x1");
    Aggregate tcp64 = find(SystemId.ZERO_TCP, Workload.HELLO, "1x64");
    targets.add(tcp64 == null
        ? new Target("T3", "Zero TCP hello p99 ≤ 1 ms at 1×64", "—", "not measured")
        : new Target("T3", "Zero TCP hello p99 ≤ 1 ms at 1×64",
            String.format(Locale.ROOT, "p99 %.0f µs (median of %d rounds)", tcp64.p99Us(), tcp64.rounds()),
            tcp64.p99Us() <= 1000 ? "**met**" : "not met"));
    ratioTarget("T4", "Zero TCP ping-pong (1×1, unpinned) p50 ≤ 1.5× raw Netty's", "zero-tcp / netty (p50 latency)", "hello 1x1", "p50", 1.5, false, null);
    ratioTarget("T5", "Zero ZeroMQ (async client) hello at 1×64 ≥ 70 % of raw JeroMQ", "zero-zmq-async / jeromq", "hello 1x64", "throughput", 0.7, true, null);
    withInlineFigure("T5", "zero-zmq-inline / jeromq", "hello 1x64");
    ratioTarget("T6", "Zero ZeroMQ (async) ≥ 50 % of Zero TCP at 1×64, hello (the original: 0.41)", "zero-zmq-async / zero-tcp", "hello 1x64", "throughput", 0.5, true, null);
    ratioTarget("T7a", "Redis save ≥ 40 % of hello, Zero TCP at 1×64", "zero-tcp redis / hello", "1x64", "throughput", 0.4, true, null);
    ratioTarget("T7b", "Redis save ≥ 40 % of hello, Zero TCP at 64×1", "zero-tcp redis / hello", "64x1", "throughput", 0.4, true, null);
    ratioTarget("T7c", "Redis save ≥ 40 % of hello, Zero ZeroMQ (async) at 1×64", "zero-zmq-async redis / hello", "1x64", "throughput", 0.4, true, null);
    Aggregate alloc = tcp64 != null && tcp64.allocBytesPerCall() != null ? tcp64
        : aggregates.stream().filter(a -> a.system() == SystemId.ZERO_TCP && a.config().workload() == Workload.HELLO
            && a.loop().equals("closed") && a.allocBytesPerCall() != null).findFirst().orElse(null);
    targets.add(alloc == null
        ? new Target("T8", "Zero TCP server allocation ≤ 512 B per hello call", "—", "not measured")
        : new Target("T8", "Zero TCP server allocation ≤ 512 B per hello call",
            String.format(Locale.ROOT, "%.0f B/call at %s (thread-sum cross-check %.0f B)", alloc.allocBytesPerCall(),
                alloc.config().shape(), alloc.allocThreadsBytesPerCall() == null ? Double.NaN : alloc.allocThreadsBytesPerCall()),
            alloc.allocBytesPerCall() <= 512 ? "**met**" : "not met"));
    Aggregate zmq1 = find(SystemId.ZERO_ZMQ_ASYNC, Workload.HELLO, "1x1");
    targets.add(zmq1 == null
        ? new Target("T9", "Zero ZeroMQ (libzmq engine) hello p99 ≤ 300 µs at 1×1", "—", "not measured")
        : new Target("T9", "Zero ZeroMQ (libzmq engine) hello p99 ≤ 300 µs at 1×1",
            String.format(Locale.ROOT, "p99 %.0f µs (median of %d rounds)", zmq1.p99Us(), zmq1.rounds()),
            zmq1.p99Us() <= 300 ? "**met**" : "not met"));
    ratioTarget("T10a", "Zero ZeroMQ (libzmq engine) hello at 1×64 ≥ 70 % of raw libzmq", "zero-zmq-async / libzmq", "hello 1x64", "throughput", 0.7, true, null);
    ratioTarget("T10b", "Zero ZeroMQ on libzmq hello at 1×64 ≥ 3× Zero ZeroMQ on JeroMQ", "zero-zmq-async / zero-zmq-jeromq", "hello 1x64", "throughput", 3, true, null);
    ratioTarget("T11", "Zero TCP hello at 1×64 with metrics + tracing (Micrometer, OpenTelemetry SDK sampling every call) ≥ 85 % of without",
        "zero-tcp-observed / zero-tcp", "hello 1x64", "throughput", 0.85, true, null);
    if (smoke()) {
      targets.replaceAll(t -> new Target(t.id(), t.text(), t.figure(), NOT_JUDGED));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static String range(double min, double max, String format) {
    return String.format(Locale.ROOT, format, min) + "–" + String.format(Locale.ROOT, format, max);
  }

  private static String rate(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 1e6 ? String.format(Locale.ROOT, "%.2fM", v / 1e6)
        : v >= 1e3 ? String.format(Locale.ROOT, "%.1fk", v / 1e3) : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String us(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 10_000 ? String.format(Locale.ROOT, "%.1f ms", v / 1e3) : String.format(Locale.ROOT, "%.0f µs", v);
  }

  private static String num(Double v, String format) {
    return v == null || v.isNaN() ? "—" : String.format(Locale.ROOT, format, v);
  }

  private static Double round2(Double v) {
    return v == null || v.isNaN() ? null : Math.round(v * 100) / 100.0;
  }

  private static Double round1(Double v) {
    return v == null || v.isNaN() || v.isInfinite() ? null : Math.round(v * 10) / 10.0;
  }

  // ---------------------------------------------------------------------------------------------

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("benchmarks.md"), markdown());
    Files.writeString(dir.resolve("benchmarks.svg"), svg());
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(dir.resolve("benchmarks.json"), mapper.writeValueAsString(json()) + "\n");
  }

  Map<String, Object> json() {
    Plan plan = session.plan();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("generated_at", session.started().toString());
    root.put("mode", plan.mode());
    root.put("smoke", smoke());
    root.put("command", command);
    root.put("duration_s", session.took().toSeconds());
    root.put("rounds", plan.rounds());
    root.put("warmup_ms", plan.warmupMillis());
    root.put("measure_ms", plan.measureMillis());
    root.put("seed", session.seed());
    root.put("machine", machine);
    root.put("jdk", javaVersion);
    root.put("versions", versions);
    root.put("server_jvm_flags", plan.serverJvmFlags());
    root.put("notes", session.notes());
    List<Map<String, Object>> results = new ArrayList<>();
    for (Aggregate a : aggregates) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("system", a.system().label());
      m.put("workload", a.config().workload().label());
      m.put("loop", a.loop());
      m.put("shape", a.config().shape());
      m.put("connections", a.config().connections());
      m.put("in_flight", a.config().inFlight());
      m.put("in_flight_per_connection", a.config().perConnection());
      m.put("rounds", a.rounds());
      m.put("busy_rounds", a.busyRounds());
      m.put("target_rate", a.loop().equals("open") ? round1(a.targetRate()) : null);
      m.put("throughput", round1(a.throughput()));
      m.put("throughput_min", round1(a.throughputMin()));
      m.put("throughput_max", round1(a.throughputMax()));
      m.put("p50_us", round1(a.p50Us()));
      m.put("p99_us", round1(a.p99Us()));
      m.put("p999_us", round1(a.p999Us()));
      m.put("max_us", round1(a.maxUs()));
      m.put("alloc_bytes_per_call", round1(a.allocBytesPerCall()));
      m.put("alloc_threads_bytes_per_call", round1(a.allocThreadsBytesPerCall()));
      m.put("server_cpu_us_per_call", round1(a.serverCpuUsPerCall()));
      m.put("client_cpu_us_per_call", round1(a.clientCpuUsPerCall()));
      m.put("server_switches_per_call", round2(a.serverSwitchesPerCall()));
      m.put("errors", a.errors());
      results.add(m);
    }
    root.put("results", results);
    List<Map<String, Object>> ratioList = new ArrayList<>();
    for (Ratio r : ratios) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("config", r.config());
      m.put("metric", r.metric());
      m.put("median", Math.round(r.median() * 1000) / 1000.0);
      m.put("min", Math.round(r.min() * 1000) / 1000.0);
      m.put("max", Math.round(r.max() * 1000) / 1000.0);
      m.put("rounds", r.values().size());
      ratioList.add(m);
    }
    root.put("ratios", ratioList);
    List<Map<String, Object>> targetList = new ArrayList<>();
    for (Target t : targets) {
      targetList.add(new LinkedHashMap<>(Map.of("id", t.id(), "target", t.text(), "figure", t.figure(),
          "status", t.status().replace("*", ""))));
    }
    root.put("targets", targetList);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (RunResult r : session.runs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", r.round());
      m.put("system", r.system().label());
      m.put("workload", r.config().workload().label());
      m.put("loop", r.loop());
      m.put("connections", r.config().connections());
      m.put("in_flight", r.config().inFlight());
      m.put("throughput", round1(r.throughput()));
      m.put("p50_us", round1(r.p50Us()));
      m.put("p99_us", round1(r.p99Us()));
      m.put("p999_us", round1(r.p999Us()));
      m.put("max_us", round1(r.maxUs()));
      m.put("calls", r.calls());
      m.put("errors", r.errors());
      m.put("alloc_bytes_per_call", round1(r.allocBytesPerCall()));
      m.put("server_cpu_us_per_call", round1(r.serverCpuUsPerCall()));
      m.put("client_cpu_us_per_call", round1(r.clientCpuUsPerCall()));
      m.put("server_switches_per_call", round2(r.serverSwitchesPerCall()));
      m.put("gc_count", r.gcCount());
      m.put("foreign_cpu_pct", round1(r.foreignPct()));
      m.put("idle_before_pct", round1(r.idleBefore() * 100));
      m.put("busy", r.busy());
      m.put("failure", r.failure());
      runs.add(m);
    }
    root.put("runs", runs);
    return root;
  }

  // ---------------------------------------------------------------------------------------------

  String markdown() {
    Plan plan = session.plan();
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Generated by `").append(command).append("` (").append(plan.mode()).append(" mode) on ")
        .append(session.started().toString(), 0, 16).append(" UTC; it took ")
        .append(session.took().toSeconds()).append(" s: ").append(plan.rounds()).append(" interleaved rounds, ")
        .append(plan.warmupMillis() / 1000.0).append(" s warm-up + ").append(plan.measureMillis() / 1000.0)
        .append(" s measurement per run");
    if (plan.openLoop()) {
      md.append(", plus open-loop runs at 50 % of each system's own closed-loop maximum (")
          .append(plan.openWarmupMillis() / 1000.0).append(" s + ").append(plan.openMeasureMillis() / 1000.0).append(" s)");
    }
    md.append(plan.prewarmMillis() > 0 ? String.format(Locale.ROOT,
        ". Before round 1, every (system, workload) ran %.1f s unrecorded to warm the JITs", plan.prewarmMillis() / 1000.0) : "");
    md.append(".\n\n");
    if (smoke()) {
      md.append("**This is a smoke run** (`--quick`, what CI runs): it checks that the harness works. Its figures come ")
          .append("from a seconds-long run on a loaded machine, not a measurement, and no target is judged. ")
          .append("`./zero bench` measures.\n\n");
    } else if (!plan.mode().equals("full")) {
      Plan full = Plan.fullPlan(java.util.EnumSet.allOf(SystemId.class), java.util.EnumSet.allOf(Workload.class), 5);
      md.append("This is the short run: few configurations, short windows, two rounds — read the ratios, not the absolute numbers, ")
          .append("and treat single-round swings of ±20 % as noise on this shared box. ")
          .append("`./zero bench --full` runs every workload × 1/16/64/256 in flight × both shapes × every system but the inline ones, 5 rounds of ")
          .append("10 s warm-up + 20 s measurement, plus open-loop runs; with the systems available today it takes about ")
          .append(full.estimatedSeconds() / 3600).append(" h ").append(full.estimatedSeconds() % 3600 / 60).append(" min.\n\n");
    }
    md.append("Machine-readable: [benchmarks.json](benchmarks.json) (medians per system × workload × shape, same-round ratios, ")
        .append("targets, and every run). Chart: [benchmarks.svg](benchmarks.svg).\n\n");
    md.append("![throughput per system and shape, hello world and redis save](benchmarks.svg)\n\n");

    md.append("## Targets\n\n");
    if (smoke()) {
      md.append("> ").append(SMOKE_NOTE.substring(0, 1).toUpperCase(Locale.ROOT)).append(SMOKE_NOTE.substring(1)).append(".\n\n");
    }
    md.append("Every target is a same-run figure: ratios are computed within each round, then the median over rounds is compared ")
        .append("with the threshold (the range over rounds is given).\n\n");
    md.append("| # | target | figure | status |\n|---|---|---|---|\n");
    for (Target t : targets) {
      md.append("| ").append(t.id()).append(" | ").append(t.text()).append(" | ").append(t.figure()).append(" | ")
          .append(t.status()).append(" |\n");
    }
    if (!smoke()) {
      md.append("\nWhere a target is missed, what limits it (with profiles) and what was tried: [performance.md](performance.md) ")
          .append("(TCP at 64×1: \"Many connections × 1 in flight\"; ZeroMQ: \"The libzmq engine\"; Redis: \"Redis save\").\n");
    }

    md.append("\n## Same-round ratios\n\n");
    md.append("| ratio | config | median | min–max | rounds |\n|---|---|---|---|---|\n");
    for (Ratio r : ratios) {
      md.append("| ").append(r.name()).append(r.metric().equals("p50") ? "" : "").append(" | ").append(r.config())
          .append(" | ").append(String.format(Locale.ROOT, "%.2f", r.median())).append(" | ")
          .append(range(r.min(), r.max(), "%.2f")).append(" | ").append(r.values().size()).append(" |\n");
    }

    md.append("\n## Results (closed loop; medians over rounds)\n\n");
    md.append("Throughput in calls/s (min–max over rounds); latency from the call's start to its completion as the client sees it; ")
        .append("CPU is process CPU time (utime + stime from `/proc/<pid>/stat`) per call, server and client (the driver) separately; ")
        .append("allocation is the server JVM's `getTotalThreadAllocatedBytes` delta per call (virtual threads included: their ")
        .append("allocation is charged to the carrier threads); switches are the server's thread context switches per call ")
        .append("(voluntary and not, from `/proc/<pid>/task/*/status`): how often its threads park and wake to hand calls over.\n\n");
    for (Workload w : Workload.values()) {
      List<Aggregate> rows = aggregates.stream().filter(a -> a.config().workload() == w && a.loop().equals("closed"))
          .sorted(Comparator.comparing((Aggregate a) -> a.config().connections() == 1 ? 0 : 1)
              .thenComparing(a -> a.config().inFlight()).thenComparing(a -> a.system().ordinal()))
          .toList();
      if (rows.isEmpty()) {
        continue;
      }
      md.append("### ").append(w.label()).append("\n\n");
      md.append("| shape | system | calls/s | min–max | p50 | p99 | p99.9 | max | server CPU µs/call | client CPU µs/call | server B/call | server switches/call | rounds (busy) |\n");
      md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (Aggregate a : rows) {
        md.append("| ").append(a.config().shape()).append(" | ").append(a.system().label()).append(" | ")
            .append(rate(a.throughput())).append(" | ").append(rate(a.throughputMin())).append("–").append(rate(a.throughputMax()))
            .append(" | ").append(us(a.p50Us())).append(" | ").append(us(a.p99Us())).append(" | ").append(us(a.p999Us()))
            .append(" | ").append(us(a.maxUs())).append(" | ").append(num(a.serverCpuUsPerCall(), "%.1f")).append(" | ")
            .append(num(a.clientCpuUsPerCall(), "%.1f")).append(" | ").append(num(a.allocBytesPerCall(), "%.0f"))
            .append(" | ").append(num(a.serverSwitchesPerCall(), "%.2f"))
            .append(" | ").append(a.rounds()).append(a.busyRounds() > 0 ? " (" + a.busyRounds() + ")" : "").append(" |\n");
      }
      md.append("\n");
    }
    List<Aggregate> open = aggregates.stream().filter(a -> a.loop().equals("open")).toList();
    if (!open.isEmpty()) {
      md.append("## Open loop (50 % of each system's own maximum; latency from the intended send time)\n\n");
      md.append("| workload | shape | system | target rate | achieved | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|---|---|\n");
      for (Aggregate a : open) {
        md.append("| ").append(a.config().workload().label()).append(" | ").append(a.config().shape()).append(" | ")
            .append(a.system().label()).append(" | ").append(rate(a.targetRate())).append(" | ").append(rate(a.throughput()))
            .append(" | ").append(us(a.p50Us())).append(" | ").append(us(a.p99Us())).append(" | ").append(us(a.p999Us()))
            .append(" | ").append(us(a.maxUs())).append(" |\n");
      }
      md.append("\n");
    }

    md.append("## Systems\n\n");
    for (SystemId s : SystemId.values()) {
      md.append("- `").append(s.label()).append("`: ").append(s.description())
          .append(s.available() ? "" : " — **not available in this run** (" + s.unavailableReason() + ")").append(".\n");
    }
    md.append("\nThe baselines (grpc, netty, jeromq, libzmq) carry the exact request bytes a Zero TCP client sends for the workload ")
        .append("(the MessagePack `{\"fn\", \"data\"}` envelope) and echo them back; they skip the Redis workload. ")
        .append("Zero's servers run with their defaults (one I/O thread per core, each call on a virtual thread); raw Netty and ")
        .append("grpc-java servers use two event-loop threads (one per core); every client uses one I/O thread. ")
        .append("`N×1` for zero-zmq-* means N clients (one DEALER each).\n\n");

    md.append("## Machine and software\n\n");
    machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
    md.append("- JDK (servers and driver):\n\n```\n").append(javaVersion).append("\n```\n\n");
    versions.forEach((k, v) -> md.append("- ").append(k).append(" ").append(v).append("\n"));
    md.append("- server JVM flags (identical for every server): `").append(String.join(" ", plan.serverJvmFlags())).append("`\n");
    if (plan.needsRedis()) {
      md.append("- Redis: `redis-server --save '' --appendonly no` on a free loopback port, one shared Lettuce async connection per Zero server\n");
    }

    md.append("\n## Method\n\n");
    md.append("- One load driver (`io.zeroapi.benchmarks.harness.LoadDriver`) for every system; each server in its own JVM, ")
        .append("spawned by the harness, bound to 127.0.0.1 port 0; the driver runs in the harness JVM. Nothing leaves loopback.\n")
        .append("- Closed loop: N calls in flight (`1×N`: one connection; `N×1`: N connections, one call each); each reply ")
        .append("starts the next call on the same connection. Open loop (`--full`): a precomputed schedule at a fixed rate, ")
        .append("latency measured from the intended send time (coordinated omission corrected). HdrHistogram, 3 digits.\n")
        .append("- Interleaved rounds: in each round, for each configuration, every system runs once in a shuffled order ")
        .append("(seed ").append(session.seed()).append("); ratios are taken within a round.\n")
        .append("- Processes are not pinned: latencies of ping-pong runs are bimodal on this box (scheduler placement).\n")
        .append("- Noise: before each run the harness waits up to ").append(plan.idleWaitMillis() / 1000.0)
        .append(" s for a 200 ms sample with ≥ 85 % idle CPU; after it, foreign CPU = machine busy − (server + driver + Redis). ")
        .append("Runs with foreign CPU > 10 % are counted as busy (shown in parentheses in the tables, flagged in the JSON) ")
        .append("but kept in the medians.\n");

    List<RunResult> busy = session.runs().stream().filter(RunResult::busy).toList();
    List<RunResult> failed = session.runs().stream().filter(Predicate.not(RunResult::ok)).toList();
    if (!session.notes().isEmpty() || !busy.isEmpty() || !failed.isEmpty()) {
      md.append("\n## Notes\n\n");
      session.notes().forEach(n -> md.append("- ").append(n).append("\n"));
      for (RunResult r : busy) {
        md.append(String.format(Locale.ROOT, "- busy: round %d %s %s %s, foreign CPU %.0f %%%n", r.round(),
            r.config().workload().label(), r.config().shape(), r.system().label(), r.foreignPct()));
      }
      for (RunResult r : failed) {
        md.append(String.format(Locale.ROOT, "- failed: round %d %s %s %s (%s): %s%n", r.round(),
            r.config().workload().label(), r.config().shape(), r.system().label(), r.loop(), r.failure()));
      }
    }
    return md.toString();
  }

  // ---------------------------------------------------------------------------------------------

  private static final String[] COLORS = {"#1f77b4", "#6baed6", "#2ca02c", "#98df8a", "#9467bd", "#c5b0d5", "#8c564b",
      "#e377c2", "#17becf", "#d62728", "#7f7f7f", "#ff7f0e", "#bcbd22"};
  private static final List<String> CHART_SHAPES = List.of("1x1", "1x64", "16x1", "64x1", "256x1");

  /**
   * Grouped bars of closed-loop throughput per system and shape: one panel for hello world, one for
   * redis save when it ran. Each bar's tooltip and the small figure under it give the server's CPU
   * time per call.
   */
  String svg() {
    List<Workload> panels = new ArrayList<>();
    for (Workload w : List.of(Workload.HELLO, Workload.REDIS)) {
      if (aggregates.stream().anyMatch(a -> a.config().workload() == w && a.loop().equals("closed"))) {
        panels.add(w);
      }
    }
    List<SystemId> systems = new ArrayList<>();
    for (SystemId sys : SystemId.values()) {
      if (aggregates.stream().anyMatch(a -> a.system() == sys && panels.contains(a.config().workload())
          && CHART_SHAPES.contains(a.config().shape()))) {
        systems.add(sys);
      }
    }
    int width = 1200;
    int panelH = 380;
    int height = 40 + panelH * Math.max(1, panels.size()) + 30;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (int p = 0; p < panels.size(); p++) {
      panel(svg, panels.get(p), systems, 20 + p * panelH, width);
    }
    int left = 70;
    int plotW = width - left - 200;
    for (int s = 0; s < systems.size(); s++) {
      SystemId sys = systems.get(s);
      int y = 60 + s * 20;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", left + plotW + 20, y, color(sys)));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left + plotW + 40, y + 11, sys.label()));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s, %s; N×1 = N connections with one call each, 1×N = one connection with N in flight; the figure under a bar is the server's CPU µs per call</text>%n",
        left, height - 12, machine.getOrDefault("cpu_model", "?"), machine.getOrDefault("nproc", "?") + " CPUs"));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String color(SystemId sys) {
    return COLORS[sys.ordinal() % COLORS.length];
  }

  private void panel(StringBuilder svg, Workload workload, List<SystemId> allSystems, int y0, int width) {
    List<String> shapes = CHART_SHAPES.stream().filter(s -> aggregates.stream()
        .anyMatch(a -> a.config().workload() == workload && a.config().shape().equals(s) && a.loop().equals("closed"))).toList();
    List<SystemId> systems = allSystems.stream().filter(sys -> shapes.stream().anyMatch(sh -> find(sys, workload, sh) != null)).toList();
    double max = aggregates.stream().filter(a -> a.config().workload() == workload && a.loop().equals("closed")
        && shapes.contains(a.config().shape())).mapToDouble(Aggregate::throughputMax).max().orElse(1);
    int left = 70;
    int top = y0 + 30;
    int plotH = 280;
    int plotW = width - left - 200;
    svg.append("<text x=\"").append(left).append("\" y=\"").append(y0 + 14).append("\" font-size=\"15\" font-weight=\"bold\">")
        .append(workload.label()).append(", closed loop: calls/s (median over ").append(session.plan().rounds())
        .append(" rounds; whiskers: min–max)</text>\n");
    double scale = max <= 0 ? 1 : plotH / (max * 1.1);
    for (int i = 0; i <= 5; i++) {
      double v = max * 1.1 * i / 5;
      double y = top + plotH - v * scale;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, y, left + plotW, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4, rate(v)));
    }
    double groupW = (double) plotW / Math.max(1, shapes.size());
    for (int g = 0; g < shapes.size(); g++) {
      String shape = shapes.get(g);
      List<SystemId> inGroup = systems.stream().filter(sys -> find(sys, workload, shape) != null).toList();
      double barW = Math.min(40, (groupW - 16) / Math.max(1, inGroup.size()));
      double gx = left + g * groupW + (groupW - barW * inGroup.size()) / 2;
      for (int s = 0; s < inGroup.size(); s++) {
        SystemId sys = inGroup.get(s);
        Aggregate a = find(sys, workload, shape);
        double x = gx + s * barW;
        double h = a.throughput() * scale;
        String cpu = a.serverCpuUsPerCall() == null ? "—" : String.format(Locale.ROOT, "%.1f", a.serverCpuUsPerCall());
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s calls/s, server CPU %s µs/call</title></rect>%n",
            x + 1, top + plotH - h, barW - 2, h, color(sys), sys.label(), shape, rate(a.throughput()), cpu));
        double cx = x + barW / 2;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
            cx, top + plotH - a.throughputMin() * scale, cx, top + plotH - a.throughputMax() * scale));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"8\" fill=\"#555\">%s</text>%n",
            cx, top + plotH + 11, cpu));
      }
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
          left + g * groupW + groupW / 2, top + plotH + 28, shape.replace("x", "×")));
    }
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top + plotH, left + plotW, top + plotH));
  }
}
