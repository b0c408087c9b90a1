package io.zeroapi.cli;

import io.zeroapi.Protocol;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code zero load TARGET}: a steady echo load from one client over the servers of TARGET for a
 * while, then one line of figures. The load of {@code zero rolling-update}, against servers that
 * run elsewhere (the client Deployment of deploy/kubernetes runs it).
 */
@Command(
    name = "load",
    header = "Keeps N echo calls in flight over one or more servers for a while and reports.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Keeps --in-flight echo calls in flight from one client over the servers of TARGET (balanced, "
          + "ejecting servers that stop answering or report NOT_SERVING: docs/scale-out.md), each call carrying a "
          + "unique value its reply must echo; after --warmup and --seconds prints "
          + "the calls, failures, wrong or duplicate answers and latency percentiles, and exits 0 when no call "
          + "failed.",
      "TARGET is HOST:PORT, a list HOST:PORT,HOST:PORT,... or dns:///NAME:PORT (every address NAME resolves "
          + "to, looked up again every 10 s and after a refused connection)."
    },
    footer = {"", "Example:", "  zero load 127.0.0.1:5559 --seconds 10",
      "  zero load dns:///zero-server.zero-demo.svc.cluster.local:5559 --protocol tcp"})
public final class LoadCommand implements Callable<Integer> {
  /** The scheme of a target resolved through DNS. */
  static final String DNS_SCHEME = "dns:///";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "HOST:PORT, HOST:PORT,HOST:PORT,... or dns:///NAME:PORT.")
  String target;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "zmq", converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.Names.class,
      description = "The transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Protocol protocol;

  @Option(names = "--seconds", paramLabel = "N", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "64", description = "Calls in flight (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || inFlight < 1 || warmupSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--seconds and --in-flight must be positive, --warmup not negative");
    }
    LoadTarget load;
    try {
      load = new BalancedTarget(protocol, target); // the client resolves dns:/// itself, and again later
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "TARGET: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    try (load) {
      Load.Report report = Load.run(load, inFlight, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
      out.printf("%s: %s; failed %d, answered twice %d, answered with another value %d%n",
          target, report.before().describe(seconds), report.failed(), report.duplicates(), report.wrong());
      if (!report.failures().isEmpty()) {
        out.printf("first failures: %s%n", report.failures());
      }
      out.flush();
      return report.ok() ? 0 : Main.EXIT_FAILURE;
    }
  }
}
