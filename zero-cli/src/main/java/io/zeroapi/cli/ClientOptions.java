package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The client options that every command calling a server shares ({@code call}, {@code contract}):
 * the transport, the timeout and the ZeroMQ CURVE key, checked and turned into a client builder.
 */
final class ClientOptions {
  /** The default of {@code --timeout}, in milliseconds. */
  static final String DEFAULT_TIMEOUT_MILLIS = "5000";

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "zmq", converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.Names.class,
      description = "The transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Protocol protocol;

  @Option(names = "--timeout", paramLabel = "MS", defaultValue = DEFAULT_TIMEOUT_MILLIS,
      description = "Give up after MS milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = "--curve-server-key", paramLabel = "KEY",
      description = "ZeroMQ only: the server's CURVE public key, for a server that encrypts (see 'zero keygen').")
  String curveServerKey;

  /** A usage error of the command these options belong to. */
  ParameterException usageError(String message) {
    return new ParameterException(mixee.commandLine(), message);
  }

  /**
   * A client builder for {@code address} with these options.
   *
   * @throws ParameterException for a timeout that is not positive, a CURVE key with TCP or a
   *     malformed key
   */
  ZeroClient.Builder builder(HostPort address) {
    if (timeoutMillis <= 0) {
      throw usageError("--timeout must be positive, got " + timeoutMillis);
    }
    if (curveServerKey != null && protocol != Protocol.ZMQ) {
      throw usageError("--curve-server-key is for --protocol zmq: CURVE encrypts the ZeroMQ transport only, not "
          + ProtocolConverter.name(protocol));
    }
    ZeroClient.Builder builder = ZeroClient.builder(address.host(), address.port())
        .protocol(protocol)
        .timeout(Duration.ofMillis(timeoutMillis));
    if (curveServerKey != null) {
      try {
        builder.curve(curveServerKey);
      } catch (IllegalArgumentException e) {
        throw usageError(e.getMessage());
      }
    }
    return builder;
  }
}
