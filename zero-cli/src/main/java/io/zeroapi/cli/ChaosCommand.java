package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.internal.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zero chaos}: one example server ({@code zero serve}) killed and restarted on the same port
 * again and again under a fixed number of calls in flight from one async client; reports what the
 * client saw. A measurement, not a unit test: it takes a JVM start per restart.
 */
@Command(
    name = "chaos",
    header = "Kills and restarts a server under load and reports lost, mixed-up and late calls.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Starts the example server ('zero serve' process) on 127.0.0.1 and one async client that keeps --in-flight "
          + "echo calls in flight, each carrying a unique value its reply must echo. Every --interval the server "
          + "gets SIGKILL (--mode kill) or SIGTERM (--mode term: it drains and exits), and a fresh one is started "
          + "on the same port, --restarts times.",
      "Prints the calls, the failures by exception type, the replies that do not match their request (must be 0), "
          + "the calls that ended later than their timeout + 100 ms (must be 0), the time from each restart until "
          + "calls succeed again, and the client's threads and open file descriptors before and after (Linux: "
          + "/proc/self/fd), which must be back where they started once the client is closed. Exit 0 when all of "
          + "that holds; failed calls are expected (the server is gone for a while) and only reported."
    },
    footer = {"", "Example:", "  zero chaos --protocol zmq --restarts 20 --mode kill"})
public final class ChaosCommand implements Callable<Integer> {
  /** How much later than its timeout a call may end. */
  private static final long LATE_SLACK_MILLIS = 100;

  @Spec CommandSpec spec;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "tcp", converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.Names.class,
      description = "The transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Protocol protocol;

  @Option(names = "--restarts", paramLabel = "N", defaultValue = "20",
      description = "How many times the server is stopped and started again (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "kill",
      description = "kill (SIGKILL: the server vanishes) or term (SIGTERM: it shuts down gracefully) "
          + "(default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64",
      description = "Calls the client keeps in flight (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000",
      description = "The client's call timeout (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = "--interval", paramLabel = "MS", defaultValue = "2000",
      description = "Load between a restarted server serving and the next stop (default: ${DEFAULT-VALUE}).")
  long intervalMillis;

  @Override
  public Integer call() throws Exception {
    if (restarts < 1 || inFlight < 1 || timeoutMillis < 1 || intervalMillis < 0
        || !(mode.equals("kill") || mode.equals("term"))) {
      throw new ParameterException(spec.commandLine(),
          "--restarts, --in-flight and --timeout must be positive, --interval not negative, --mode kill or term");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path logs = Files.createTempDirectory("zero-chaos");
    ServerSlot server = ServerSlot.onLoopback(protocol, logs);
    Thread reaper = Thread.ofPlatform().unstarted(server::kill);
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      server.start();
      server.awaitServing(Duration.ofSeconds(60));
      out.printf("chaos: zero serve (%s) on %s, %d x %s, %d calls in flight from one async client, timeout %d ms; "
          + "server logs in %s%n", ProtocolConverter.name(protocol), server.address(), restarts,
          mode.equals("kill") ? "SIGKILL" : "SIGTERM", inFlight, timeoutMillis, logs);
      out.flush();
      Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
      int threadsAtStart = clientThreads(threadsBefore);
      int descriptorsAtStart = openDescriptors();
      long lastExited;
      long lastServing;
      long lastRecovered;
      Load load;
      try (LoadTarget target = new BalancedTarget(protocol, server.address().toString(),
          Duration.ofMillis(timeoutMillis))) {
        load = new Load(target, inFlight, TimeUnit.MILLISECONDS.toNanos(timeoutMillis + LATE_SLACK_MILLIS));
        load.start();
        Thread.sleep(Duration.ofMillis(intervalMillis));
        lastExited = 0;
        lastServing = 0;
        lastRecovered = 0;
        for (int i = 1; i <= restarts; i++) {
          long t0 = System.nanoTime();
          int exit = mode.equals("kill")
              ? server.killNow(Duration.ofSeconds(30))
              : server.terminate(ServerSettings.DEFAULT_SHUTDOWN_GRACE_PERIOD.plusSeconds(10));
          long exited = System.nanoTime();
          load.markRecovery();
          server.start();
          server.awaitServing(Duration.ofSeconds(60));
          long serving = System.nanoTime();
          long recovered = awaitRecovery(load, serving);
          lastExited = exited;
          lastServing = serving;
          lastRecovered = recovered;
          out.printf("  %2d: exited (code %d) %.0f ms after the signal; new server serving (health probe) %.0f ms "
                  + "after the exit; calls succeed again %s; %d calls so far%n", i, exit, (exited - t0) / 1e6,
              (serving - exited) / 1e6, recovery(recovered, exited, serving), load.calls());
          out.flush();
          Thread.sleep(Duration.ofMillis(intervalMillis));
        }
        load.stop(Duration.ofMillis(timeoutMillis * 2 + 10_000));
      }
      Load.Report report = load.report();
      List<Thread> left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !threadsBefore.contains(t) && counts(t)).toList();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (Thread thread : left) { // a stopped thread may still be on its way out
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      int threadsAtEnd = clientThreads(Thread.getAllStackTraces().keySet());
      int descriptorsAtEnd = openDescriptors();
      List<String> alive = left.stream().filter(Thread::isAlive).map(Thread::getName).toList();
      List<String> gone = threadsBefore.stream().filter(t -> counts(t) && !t.isAlive()).map(Thread::getName).toList();

      out.printf("calls: %d; failed: %d %s; replies not matching their request: %d; answered twice: %d%n",
          load.calls(), report.failed(), load.failuresByType(), report.wrong(), report.duplicates());
      out.printf("calls that ended later than their timeout + %d ms: %d (longest call %.0f ms)%n", LATE_SLACK_MILLIS,
          load.late(), load.maxMillis());
      out.printf("after the last restart: calls succeed again %s%n", recovery(lastRecovered, lastExited, lastServing));
      out.printf("client threads: %d at the start, %d at the end%s%s; open file descriptors: %d at the start, "
          + "%d at the end%n", threadsAtStart, threadsAtEnd, alive.isEmpty() ? "" : " (new, still alive: " + alive + ")",
          gone.isEmpty() ? "" : " (ended since the start: " + gone + ")", descriptorsAtStart, descriptorsAtEnd);
      if (!report.failures().isEmpty()) {
        out.printf("first failures: %s%n", report.failures());
      }
      out.flush();
      boolean ok = report.wrong() == 0 && report.duplicates() == 0 && load.late() == 0 && lastRecovered != 0
          && alive.isEmpty() && descriptorsAtEnd <= descriptorsAtStart;
      return ok ? 0 : Main.EXIT_FAILURE;
    } finally {
      server.kill();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs
      }
    }
  }

  /** Waits (up to 30 s) until a call succeeds after the restart; its time, or 0. */
  private static long awaitRecovery(Load load, long serving) throws InterruptedException {
    long deadline = serving + TimeUnit.SECONDS.toNanos(30);
    while (load.firstSuccessNanos() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return load.firstSuccessNanos();
  }

  private static String recovery(long recovered, long exited, long serving) {
    if (recovered == 0) {
      return "(not within 30 s of the new server serving)";
    }
    return String.format("%.0f ms after the exit (%+.0f ms from the health probe's first SERVING)",
        (recovered - exited) / 1e6, (recovered - serving) / 1e6);
  }

  /**
   * Threads that count as the client's: all but the JDK's own pools that grow and shrink by
   * themselves (the carriers of virtual threads, the process reapers that wait for the servers).
   */
  private static boolean counts(Thread thread) {
    return !(thread instanceof ForkJoinWorkerThread) && !thread.getName().startsWith("process reaper");
  }

  private static int clientThreads(Set<Thread> threads) {
    return (int) threads.stream().filter(t -> t.isAlive() && counts(t)).count();
  }

  /** Entries of /proc/self/fd (Linux; -1 elsewhere), not counting the one the listing itself opens. */
  static int openDescriptors() {
    try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
      return (int) entries.count() - 1;
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }
}
