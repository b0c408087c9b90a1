package io.zeroapi.cli;

import io.zeroapi.CurveKeys;
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

  @Option(names = "--curve-client-key", paramLabel = "KEY",
      description = "ZeroMQ only, with --curve-server-key: this client's own CURVE public key (from 'zero keygen'), "
          + "for a server that lets in only listed clients (serve --curve-allow); the secret key comes from the "
          + "environment variable ZERO_CURVE_CLIENT_SECRET_KEY. Default: a new key pair per connection.")
  String curveClientKey;

  @Option(names = "--curve-client-secret-key", paramLabel = "KEY", defaultValue = "${env:ZERO_CURVE_CLIENT_SECRET_KEY}",
      hidden = true, description = "This client's CURVE secret key (prefer ZERO_CURVE_CLIENT_SECRET_KEY: arguments "
          + "show in ps).")
  String curveClientSecretKey;

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
    if (curveClientKey != null && curveServerKey == null) {
      throw usageError("--curve-client-key needs --curve-server-key: the client's key pair is used in the CURVE "
          + "handshake with that server");
    }
    if (curveClientKey == null && mixee.commandLine().getParseResult().hasMatchedOption("--curve-client-secret-key")) {
      throw usageError("--curve-client-secret-key needs --curve-client-key");
    }
    if (curveServerKey != null) {
      try {
        if (curveClientKey == null) {
          builder.curve(curveServerKey);
        } else {
          builder.curve(curveServerKey, clientKeys());
        }
      } catch (IllegalArgumentException e) {
        throw usageError(e.getMessage());
      }
    }
    return builder;
  }

  /** This client's key pair from --curve-client-key and ZERO_CURVE_CLIENT_SECRET_KEY, checked. */
  private CurveKeys clientKeys() {
    if (curveClientSecretKey == null || curveClientSecretKey.isBlank()) {
      throw usageError("--curve-client-key needs the secret key in the environment variable ZERO_CURVE_CLIENT_SECRET_KEY");
    }
    String derived = CurveKeys.publicKeyOf(curveClientSecretKey);
    if (!derived.equals(curveClientKey)) {
      throw usageError("--curve-client-key " + curveClientKey + " is not the public key of the secret key in "
          + "ZERO_CURVE_CLIENT_SECRET_KEY (that is " + derived + "): give both keys of one pair from 'zero keygen'");
    }
    return CurveKeys.of(curveClientKey, curveClientSecretKey);
  }
}
