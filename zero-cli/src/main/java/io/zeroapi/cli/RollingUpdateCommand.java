package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.internal.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
        servers.add(new ServerSlot(protocol, drainDelayMillis, i, hosts.get(i), ServerSlot.freePort(hosts.get(i)),
            ServerSlot.freePort(hosts.get(i)), logs));
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
      try (LoadTarget target = new BalancedTarget(protocol, servers.stream().map(ServerSlot::address).toList())) {
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
        out.printf("failed calls: %d; answered twice: %d; answered with another value: %d%n",
            report.failed(), report.duplicates(), report.wrong());
        if (!report.failures().isEmpty()) {
          out.printf("first failures: %s%n", report.failures());
        }
        out.flush();
        return report.ok() ? 0 : Main.EXIT_FAILURE;
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
}
