package io.zeroapi.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./zero bench}: the benchmark harness. Prints the plan, spawns one server JVM per system
 * (and Redis), drives them from this JVM, and writes benchmarks.md, benchmarks.json and
 * benchmarks.svg.
 */
@Command(name = "zero bench", usageHelpAutoWidth = true,
    description = "Runs the benchmark harness and writes benchmarks.md, benchmarks.json and benchmarks.svg. It installs "
        + "nothing: without redis-server the redis workload is skipped, and the report says how to install it.",
    footer = {"", "Exit codes: 0 when at least one run succeeded, 1 when none did, 2 bad usage."})
public final class BenchMain implements Callable<Integer> {
  /** Width of the usage help when it does not go to a terminal. */
  static final int USAGE_WIDTH = 100;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--full", description = "Every workload × 1/16/64/256 in flight × both shapes × every system but "
      + "the inline ones, at least 5 rounds of 10 s warm-up + 20 s measurement, open loop too (hours).")
  boolean full;

  @Option(names = "--quick", description = "A smoke (what CI runs): hello at 1×4, one round, about a second per "
      + "system. Its figures are not measurements and no target is judged.")
  boolean quick;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).",
      defaultValue = "docs")
  Path out;

  @Option(names = "--rounds", paramLabel = "N", description = "Rounds (default: 2 short, 5 full, 1 quick).")
  Integer rounds;

  @Option(names = "--systems", split = ",", paramLabel = "SYSTEM", completionCandidates = SystemNames.class,
      description = "Only these systems: ${COMPLETION-CANDIDATES}.", converter = SystemConverter.class)
  List<SystemId> systems;

  @Option(names = "--workloads", split = ",", paramLabel = "WORKLOAD", completionCandidates = WorkloadNames.class,
      description = "Only these workloads: ${COMPLETION-CANDIDATES}.", converter = WorkloadConverter.class)
  List<Workload> workloads;

  @Option(names = "--shapes", split = ",", paramLabel = "SHAPE",
      description = "Only these shapes, connections x calls in flight on each: e.g. 64x1,1x64.")
  List<String> shapes;

  @Option(names = "--warmup-ms", paramLabel = "MS", description = "Warm-up per run, in milliseconds.")
  Long warmupMillis;

  @Option(names = "--measure-ms", paramLabel = "MS", description = "Measurement window per run, in milliseconds.")
  Long measureMillis;

  @Option(names = "--open-loop", negatable = true,
      description = "Also run open loop at 50 %% of each system's maximum (default: only with --full).")
  Boolean openLoop;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the shuffled run order (default: the time).")
  Long seed;

  @Option(names = "--fresh-connections", paramLabel = "N",
      description = "Instead of the benchmark: N fresh ZeroMQ clients per engine, one call each, 8 at a time, "
          + "against one server; counts handshakes that hang or stall (prints a Markdown table).")
  Integer freshConnections;

  @Option(names = "--command-label", hidden = true, defaultValue = "./zero bench")
  String commandLabel;

  static final class SystemConverter implements CommandLine.ITypeConverter<SystemId> {
    @Override
    public SystemId convert(String value) {
      try {
        return SystemId.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class WorkloadConverter implements CommandLine.ITypeConverter<Workload> {
    @Override
    public Workload convert(String value) {
      try {
        return Workload.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** The systems as {@code --systems} takes them: {@code zero-tcp}, ... */
  static final class SystemNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(SystemId.values()).map(SystemId::label).iterator();
    }
  }

  /** The workloads as {@code --workloads} takes them: {@code hello}, ... */
  static final class WorkloadNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Workload.values()).map(Workload::label).iterator();
    }
  }

  public static void main(String[] args) {
    Logging.quiet();
    System.exit(commandLine().execute(args));
  }

  /** Runs the harness in this JVM (servers are still separate processes); for tests. */
  public static int run(String... args) {
    Logging.quiet();
    return commandLine().execute(args);
  }

  /** The configured command line: usage errors are one line and a hint, help wraps at the terminal's width. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BenchMain());
    commandLine.setUsageHelpWidth(USAGE_WIDTH);
    commandLine.setParameterExceptionHandler(BenchMain::usageError);
    return commandLine;
  }

  /** {@code zero bench: <what is wrong>} and a pointer to {@code --help}, exit 2; not the whole help. */
  private static int usageError(CommandLine.ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    String message = exception.getMessage() == null ? "bad usage" : exception.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
    if (exception instanceof CommandLine.UnmatchedArgumentException unmatched && unmatched.isUnknownOption()
        && !unmatched.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    commandLine.getErr().println("zero bench: " + message);
    commandLine.getErr().println("Try './zero bench --help' for more information.");
    commandLine.getErr().flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public Integer call() throws Exception {
    if (full && quick) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--full and --quick exclude each other");
    }
    if (freshConnections != null) {
      if (freshConnections < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--fresh-connections must be at least 1");
      }
      System.out.println(io.zeroapi.benchmarks.stress.FreshConnections.heading());
      var results = io.zeroapi.benchmarks.stress.FreshConnections.run(freshConnections, 8, System.err);
      results.forEach(r -> System.out.println(r.line()));
      return results.stream().allMatch(r -> r.failures() == 0) ? 0 : 1;
    }
    Set<SystemId> allowed = systems == null ? SystemId.byDefault() : EnumSet.copyOf(systems);
    Set<Workload> chosen = workloads == null ? EnumSet.allOf(Workload.class) : EnumSet.copyOf(workloads);
    Plan plan = quick ? Plan.quickPlan(allowed)
        : full ? Plan.fullPlan(allowed, chosen, rounds == null ? 5 : rounds)
        : Plan.shortPlan(allowed, chosen);
    if (shapes != null) {
      plan = plan.onlyShapes(Set.copyOf(shapes));
    }
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
      throw new CommandLine.ParameterException(spec.commandLine(), "nothing to run with these --systems, --workloads and --shapes");
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
    if (report.smoke()) {
      System.err.println("bench: " + Report.SMOKE_NOTE);
    } else {
      for (Report.Target t : report.targets()) {
        System.err.println("bench: " + t.id() + " " + t.text() + ": " + t.figure() + " — " + t.status().replace("*", ""));
      }
    }
    return session.runs().stream().anyMatch(RunResult::ok) ? 0 : 1;
  }

  private static void printPlan(Plan plan) {
    System.err.printf("bench: %s plan: %d rounds × %d runs (%.1f s warm-up + %.1f s measure each)%s; estimated %d s%n",
        plan.mode().equals("quick") ? "quick (smoke, not a measurement)" : plan.mode(), plan.rounds(), plan.runsPerRound(), plan.warmupMillis() / 1000.0, plan.measureMillis() / 1000.0,
        plan.openLoop() ? String.format(" + %d open-loop runs per round", plan.openRunsPerRound()) : "",
        plan.estimatedSeconds());
    for (Plan.Entry e : plan.entries()) {
      System.err.printf("bench:   %-16s %s%n", e.config().label(), SystemId.labels(e.systems()));
    }
    if (plan.needsRedis()) {
      String reason = RedisProcess.unavailableReason(RedisProcess.find());
      if (reason != null) {
        System.err.println("bench:   (the redis workload will be skipped: " + reason + ")");
      }
    }
    for (SystemId s : SystemId.values()) {
      if (!s.available()) {
        System.err.println("bench:   (" + s.label() + " not available: " + s.unavailableReason() + ")");
      }
    }
  }
}
