package io.zeroapi.cli;

import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroException;
import io.zeroapi.internal.ErrorKeys;
import io.zeroapi.internal.Health;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zero health HOST:PORT}: asks a server for its status ({@code zero.health}); exit 0 when it
 * serves, 1 otherwise, one line. Usable as a probe (Kubernetes {@code exec}, scripts, load
 * balancers).
 */
@Command(
    name = "health",
    header = "Tells whether a server takes calls: exit 0 when serving, 1 otherwise.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Calls the reserved function " + Health.FUNCTION_NAME + " of the server at HOST:PORT and prints one line: "
          + "'HOST:PORT SERVING' (exit 0; also when it is busy, at its cap of calls running), or "
          + "'HOST:PORT NOT_SERVING' when it drains or shuts down (exit 1).",
      "A server that cannot be reached or does not answer within the timeout: 'error: ...' on stderr, exit 1. "
          + "A Python Zero server has no " + Health.FUNCTION_NAME + ": it counts as serving when it answers "
          + "'connect'.",
    },
    footer = {"", "Example:", "  zero health 127.0.0.1:5559", "  zero health 127.0.0.1:5560 --protocol tcp --timeout 1000"})
public final class HealthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The server, e.g. 127.0.0.1:5559 or [::1]:5559.")
  HostPort address;

  @Mixin ClientOptions client;

  @Override
  public Integer call() {
    ZeroClient.Builder builder = client.builder(address);
    String status;
    try (ZeroClient zero = builder.build()) {
      status = status(zero);
    } catch (ServerUnavailableException e) {
      // Busy (at its cap of calls running) still serves: failing a probe then would move its load onto the
      // other replicas and overload them in turn. Shutting down does not.
      boolean busy = e.getMessage() != null && e.getMessage().startsWith(ErrorKeys.BUSY);
      status = (busy ? Health.SERVING : Health.NOT_SERVING) + " (" + e.getMessage() + ")";
    } catch (ZeroException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + address + " " + Main.errorLine(e).substring("error: ".length()));
      err.flush();
      return Main.EXIT_FAILURE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(address + " " + status);
    out.flush();
    return status.equals(Health.SERVING) || status.startsWith(Health.SERVING + " ") ? 0 : Main.EXIT_FAILURE;
  }

  /** The server's status, or SERVING with a note for a server without the function that answers connect. */
  private static String status(ZeroClient zero) {
    Object answer;
    try {
      answer = zero.call(Health.FUNCTION_NAME, null, Object.class);
    } catch (FunctionNotFoundException e) {
      zero.call("connect", null, Object.class);
      return Health.SERVING + " (no " + Health.FUNCTION_NAME + "; it answered connect)";
    }
    if (answer instanceof Map<?, ?> map && map.get(Health.STATUS_KEY) instanceof String text) {
      return text.equals(Health.SERVING) ? Health.SERVING : text;
    }
    return Health.NOT_SERVING + " (unexpected answer " + Json.write(answer) + ")";
  }

  /** Whether the server answers {@value Health#FUNCTION_NAME} with SERVING within 500 ms; false on any failure. */
  static boolean answersServing(ZeroClient probe) {
    try {
      return Map.of(Health.STATUS_KEY, Health.SERVING)
          .equals(probe.call(Health.FUNCTION_NAME, null, Object.class, java.time.Duration.ofMillis(500)));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
