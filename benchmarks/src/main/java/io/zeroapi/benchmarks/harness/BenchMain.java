package io.zeroapi.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./zero bench}: the benchmark harness. Prints the plan, spawns one server JVM per system
 * (and Redis), drives them from this JVM, and writes benchmarks.md, benchmarks.json and
 * benchmarks.svg.
 */
@Command(name = "zero bench", mixinStandardHelpOptions = true,
    description = "Runs the benchmark harness and writes benchmarks.{md,json,svg}.")
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--full", description = "Every workload × 1/16/64/256 × both shapes × every system, ≥ 5 rounds, 10 s + 20 s per run, open loop too (hours).")
  boolean full;

  @Option(names = "--quick", description = "CI smoke: hello at 1×4, one round, about a second per system.")
  boolean quick;

  @Option(names = "--out", description = "Output directory (default: docs).", defaultValue = "docs")
  Path out;

  @Option(names = "--rounds", description = "Rounds (default: 2 short, 5 full, 1 quick).")
  Integer rounds;

  @Option(names = "--systems", split = ",", description = "Only these systems: ${COMPLETION-CANDIDATES}.", converter = SystemConverter.class)
  List<SystemId> systems;

  @Option(names = "--workloads", split = ",", description = "Only these workloads: hello, echo-1k, echo-64k, redis.", converter = WorkloadConverter.class)
  List<Workload> workloads;

  @Option(names = "--warmup-ms", description = "Warm-up per run, ms.")
  Long warmupMillis;

  @Option(names = "--measure-ms", description = "Measurement window per run, ms.")
  Long measureMillis;

  @Option(names = "--open-loop", negatable = true, description = "Also run open loop at 50 % of each system's maximum (default: only with --full).")
  Boolean openLoop;

  @Option(names = "--seed", description = "Seed of the shuffled run order (default: time).")
  Long seed;

  @Option(names = "--command-label", hidden = true, defaultValue = "./zero bench")
  String commandLabel;

  static final class SystemConverter implements CommandLine.ITypeConverter<SystemId> {
    @Override
    public SystemId convert(String value) {
      return SystemId.parse(value);
    }
  }

  static final class WorkloadConverter implements CommandLine.ITypeConverter<Workload> {
    @Override
    public Workload convert(String value) {
      return Workload.parse(value);
    }
  }

  public static void main(String[] args) {
    Logging.quiet();
    int code = new CommandLine(new BenchMain()).execute(args);
    System.exit(code);
  }

  /** Runs the harness in this JVM (servers are still separate processes); for tests. */
  public static int run(String... args) {
    Logging.quiet();
    return new CommandLine(new BenchMain()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (full && quick) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--full and --quick exclude each other");
    }
    Set<SystemId> allowed = systems == null ? EnumSet.allOf(SystemId.class) : EnumSet.copyOf(systems);
    Set<Workload> chosen = workloads == null ? EnumSet.allOf(Workload.class) : EnumSet.copyOf(workloads);
    Plan plan = quick ? Plan.quickPlan(allowed)
        : full ? Plan.fullPlan(allowed, chosen, rounds == null ? 5 : rounds)
        : Plan.shortPlan(allowed, chosen);
    if (rounds != null) {
      plan = plan.withRounds(full ? Math.max(5, rounds) : Math.max(1, rounds));
    }
    if (warmupMillis != null || measureMillis != null) {
      plan = plan.withTimes(warmupMillis == null ? plan.warmupMillis() : warmupMillis,
          measureMillis == null ? plan.measureMillis() : measureMillis);
    }
    if (openLoop != null) {
      plan = plan.withOpenLoop(openLoop);
    }
    if (plan.entries().isEmpty()) {
      System.err.println("bench: nothing to run with these --systems/--workloads");
      return 2;
    }
    printPlan(plan);
    String command = commandLabel + (full ? " --full" : quick ? " --quick" : "");
    long actualSeed = seed == null ? System.currentTimeMillis() : seed;
    Path logs = Files.createTempDirectory("zero-bench-");
    Bench.Session session = new Bench(plan, logs, actualSeed).run();
    Report report = new Report(session, Machine.describe(), Machine.javaVersion(), Machine.libraryVersions(), command);
    report.write(out);
    System.err.println("bench: took " + session.took().toSeconds() + " s; wrote " + out.resolve("benchmarks.md") + ", "
        + out.resolve("benchmarks.json") + ", " + out.resolve("benchmarks.svg") + " (server logs in " + logs + ")");
    for (Report.Target t : report.targets()) {
      System.err.println("bench: " + t.id() + " " + t.text() + ": " + t.figure() + " — " + t.status().replace("*", ""));
    }
    return session.runs().stream().anyMatch(RunResult::ok) ? 0 : 1;
  }

  private static void printPlan(Plan plan) {
    System.err.printf("bench: %s plan: %d rounds × %d runs (%.1f s warm-up + %.1f s measure each)%s; estimated %d s%n",
        plan.mode(), plan.rounds(), plan.runsPerRound(), plan.warmupMillis() / 1000.0, plan.measureMillis() / 1000.0,
        plan.openLoop() ? String.format(" + %d open-loop runs per round", plan.openRunsPerRound()) : "",
        plan.estimatedSeconds());
    for (Plan.Entry e : plan.entries()) {
      System.err.printf("bench:   %-16s %s%n", e.config().label(), SystemId.labels(e.systems()));
    }
    for (SystemId s : SystemId.values()) {
      if (!s.available()) {
        System.err.println("bench:   (" + s.label() + " not available: this zero-core has no Protocol.ZMQ)");
      }
    }
  }
}
