package io.zeroapi.cli;

import io.zeroapi.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zero soak}: a steady load at half the measured maximum on an example server ({@code zero
 * serve}) for minutes, per transport, sampling the server's RSS and heap after GC and the client's
 * heap after GC. A measurement, not a unit test.
 */
@Command(
    name = "soak",
    header = "Runs a steady load for minutes and reports errors, RSS and heap after GC.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Per transport: starts the example server ('zero serve' process) on 127.0.0.1 and one async client; "
          + "measures the maximum echo rate with --in-flight calls in flight for 10 s (which also warms the JIT), "
          + "takes the idle heap after GC of both, then runs the load at half that rate for --minutes, sampling the "
          + "server's RSS (/proc/PID/status) and heap after GC (jcmd PID GC.run, then GC.heap_info) and the "
          + "client's heap after GC (System.gc() in this JVM) --samples times; then idles again and takes the heap "
          + "after GC once more (the client's heap without the load's own bookkeeping).",
      "Exit 0 when no call failed and the idle heaps after GC at the end are at most 10 %% (or 1 MiB) above those "
          + "before the load."
    },
    footer = {"", "Example:", "  zero soak --minutes 10"})
public final class SoakCommand implements Callable<Integer> {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  @Spec CommandSpec spec;

  @Option(names = "--minutes", paramLabel = "N", defaultValue = "10",
      description = "Minutes of load per transport (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", split = ",", defaultValue = "tcp,zmq",
      converter = ProtocolConverter.class, completionCandidates = ProtocolConverter.Names.class,
      description = "The transports, one after the other: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  List<Protocol> protocols;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64",
      description = "Calls in flight when the maximum is measured, and at most during the soak (default: "
          + "${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "10",
      description = "Samples taken during the load (default: ${DEFAULT-VALUE}).")
  int samples;

  @Override
  public Integer call() throws Exception {
    if (minutes < 1 || inFlight < 1 || samples < 1) {
      throw new ParameterException(spec.commandLine(), "--minutes, --in-flight and --samples must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean ok = true;
    for (Protocol protocol : protocols) {
      ok &= soak(protocol, out);
    }
    return ok ? 0 : Main.EXIT_FAILURE;
  }

  private boolean soak(Protocol protocol, PrintWriter out) throws Exception {
    Path logs = Files.createTempDirectory("zero-soak");
    ServerSlot server = ServerSlot.onLoopback(protocol, logs);
    Thread reaper = Thread.ofPlatform().unstarted(server::kill);
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      server.start();
      server.awaitServing(Duration.ofSeconds(60));
      String name = ProtocolConverter.name(protocol);
      try (LoadTarget client = new BalancedTarget(protocol, server.address().toString(), Duration.ofSeconds(10))) {
        Load.Report max = Load.run(client, inFlight, Duration.ofSeconds(5), Duration.ofSeconds(10));
        double maxRate = max.before().sortedNanos().length / 10.0;
        double rate = maxRate / 2;
        Sample idleBefore = sample(server);
        out.printf("soak %s: server %s (pid %d), maximum %.0f calls/s with %d in flight (%d failed); load at "
                + "%.0f calls/s for %d min; server log in %s%n", name, server.address(), server.pid(), maxRate,
            inFlight, max.failed(), rate, minutes, logs);
        out.printf("  idle before:  %s%n", idleBefore);
        out.flush();
        Load load = new Load(new PacedTarget(client, rate), inFlight);
        long start = System.nanoTime();
        load.start();
        long period = Duration.ofMinutes(minutes).toNanos() / samples;
        for (int i = 1; i <= samples; i++) {
          long due = start + period * i;
          Thread.sleep(Duration.ofNanos(Math.max(0, due - System.nanoTime())));
          out.printf("  %5.1f min:    %s; %d calls, %d failed%n", (System.nanoTime() - start) / 6e10,
              sample(server), load.calls(), load.report().failed());
          out.flush();
        }
        load.stop(Duration.ofSeconds(30));
        long calls = load.calls();
        double seconds = (System.nanoTime() - start) / 1e9;
        Load.Report report = load.report();
        Map<String, Long> failures = load.failuresByType();
        // The load's own bookkeeping (a bit per call answered, to find duplicates) is not the
        // client's: dropped before the idle sample, which keeps the client and its connections.
        load = null;
        Sample idleAfter = sample(server);
        out.printf("  idle after:   %s%n", idleAfter);
        boolean flat = within(idleAfter.serverHeapKiB, idleBefore.serverHeapKiB)
            && within(idleAfter.clientHeapKiB, idleBefore.clientHeapKiB);
        out.printf("soak %s: %d calls in %.0f s (%.0f calls/s), failed %d %s, answered with another value %d; "
                + "idle heap after GC: server %d -> %d KiB, client %d -> %d KiB (%s)%n", name, calls, seconds,
            calls / seconds, report.failed(), failures, report.wrong(), idleBefore.serverHeapKiB,
            idleAfter.serverHeapKiB, idleBefore.clientHeapKiB, idleAfter.clientHeapKiB,
            flat ? "at most 10 % above" : "MORE than 10 % above");
        out.flush();
        return report.ok() && flat;
      }
    } finally {
      server.kill();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs
      }
    }
  }

  /** Not more than 10 % (or 1 MiB) above {@code before}: a heap that shrank leaks nothing. */
  private static boolean within(long after, long before) {
    return after - before <= Math.max(before / 10, 1024);
  }

  private static Sample sample(ServerSlot server) throws IOException, InterruptedException {
    long pid = server.pid();
    String jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString();
    run(jcmd, Long.toString(pid), "GC.run");
    String info = run(jcmd, Long.toString(pid), "GC.heap_info");
    Matcher used = USED.matcher(info);
    long serverHeap = used.find() ? Long.parseLong(used.group(1)) : -1;
    long rss = -1;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    System.gc();
    long clientHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    return new Sample(rss, serverHeap, clientHeap);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return output;
  }

  /** Server RSS and heap after GC, client heap after GC, in KiB. */
  private record Sample(long serverRssKiB, long serverHeapKiB, long clientHeapKiB) {
    @Override
    public String toString() {
      return String.format("server RSS %d MiB, heap after GC %d KiB; client heap after GC %d KiB",
          serverRssKiB / 1024, serverHeapKiB, clientHeapKiB);
    }
  }
}
