package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zero call HOST:PORT FUNCTION [JSON-ARGUMENT]}: one call, the result as JSON on stdout. */
@Command(
    name = "call",
    header = "Calls a function of a server and prints the result as JSON.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Calls FUNCTION on the Zero server at HOST:PORT and prints its result as JSON on stdout. The result is "
          + "decoded without a target type: binary becomes base64, timestamps ISO-8601 strings.",
      "On an error, prints 'error: <Exception>: <message>' on stderr and exits with 1."
    },
    footer = {"", "Example:", "  zero call 127.0.0.1:5559 echo '\"hi\"'", "  zero call 127.0.0.1:5560 echo '\"hi\"' --protocol tcp",
      "  zero call 127.0.0.1:5559 sum_list '[1, 2, 3]'"})
public final class CallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The server, e.g. 127.0.0.1:5559 or [::1]:5559.")
  HostPort address;

  @Parameters(index = "1", paramLabel = "FUNCTION", description = "The function name.")
  String function;

  @Parameters(index = "2", arity = "0..1", paramLabel = "JSON-ARGUMENT",
      description = "The argument as one JSON value (quote it for the shell: '\"hi\"', '[1, 2]', '{\"a\": 1}'); "
          + "absent means none (nil is sent).")
  String argument;

  @Mixin ClientOptions client;

  @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
      description = "TCP only: connections in the client's pool (default: ${DEFAULT-VALUE}). "
          + "The ZeroMQ client has one socket.")
  int connections;

  @Option(names = "--one-in-flight",
      description = "TCP only: send one call at a time per connection, like the Python client "
          + "(default: many calls in flight per connection). The ZeroMQ client always multiplexes.")
  boolean oneInFlight;

  @Override
  public Integer call() {
    if (connections < 1) {
      throw client.usageError("--connections must be positive, got " + connections);
    }
    checkProtocolOptions();
    Object value = parseArgument();
    ZeroClient.Builder builder = client.builder(address).connections(connections).multiplexed(!oneInFlight);
    try (ZeroClient zero = builder.build()) {
      Object result = zero.call(function, value, Object.class);
      spec.commandLine().getOut().println(Json.write(result));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** Options that only one transport has are usage errors with the other, not ignored or a stack trace. */
  private void checkProtocolOptions() {
    Protocol protocol = client.protocol;
    String name = ProtocolConverter.name(protocol);
    if (oneInFlight && protocol != Protocol.TCP) {
      throw new ParameterException(spec.commandLine(),
          "--one-in-flight is for --protocol tcp: the " + name + " client always multiplexes calls on one socket");
    }
    if (connections > 1 && protocol != Protocol.TCP) {
      throw new ParameterException(spec.commandLine(),
          "--connections is for --protocol tcp: the " + name + " client has one socket, not a pool");
    }
  }

  private Object parseArgument() {
    if (argument == null) {
      return null;
    }
    try {
      return Json.parse(argument);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "JSON-ARGUMENT is not one valid JSON value (strings need quotes: '\"hi\"'): " + e.getMessage(), e,
          spec.positionalParameters().get(2), argument);
    }
  }
}
