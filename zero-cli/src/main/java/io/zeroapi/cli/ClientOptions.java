package io.zeroapi.cli;

import io.zeroapi.BearerTokens;
import io.zeroapi.Metadata;
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
 * the transport, the timeout, the ZeroMQ CURVE key and TCP's TLS, checked and turned into a client
 * builder.
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

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Send the bearer token in FILE's first line with every call (for a server run with "
          + "--token-file; a file, not an argument, so that the token does not show in ps).")
  java.nio.file.Path tokenFile;

  @Option(names = "--metadata", paramLabel = "KEY=VALUE",
      description = "Send this metadata with the call; repeat for more (a Zero for Java server reads it; a "
          + "Python server gets the call without it).")
  java.util.List<String> metadata = new java.util.ArrayList<>();

  // --- TLS (TCP only) ---

  @Option(names = "--tls",
      description = "TCP only: call over TLS, trusting the JDK's default CAs unless --tls-ca is given (any --tls-* "
          + "option implies --tls).")
  boolean tls;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "TCP only: trust the CA certificates (PEM) in FILE for the server's certificate.")
  java.nio.file.Path tlsCa;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "TCP only: this client's certificate chain (PEM) for mutual TLS; needs --tls-key.")
  java.nio.file.Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "TCP only: the private key (unencrypted PKCS#8 PEM) of --tls-cert.")
  java.nio.file.Path tlsKey;

  @Option(names = "--tls-server-name", paramLabel = "NAME",
      description = "TCP only: the name the server's certificate must have (default: the host called).")
  String tlsServerName;

  @Option(names = "--tls-no-hostname-check",
      description = "TCP only, for tests: accept a trusted server certificate whatever name it has.")
  boolean tlsNoHostnameCheck;

  /** The client's TLS from the --tls* options, or null when none is given. */
  io.zeroapi.TlsConfig tlsConfig() {
    boolean any = tls || tlsCa != null || tlsCert != null || tlsKey != null || tlsServerName != null
        || tlsNoHostnameCheck;
    if (!any) {
      return null;
    }
    if (protocol != Protocol.TCP) {
      throw usageError("--tls options are for --protocol tcp: TLS encrypts the raw TCP transport only, not "
          + ProtocolConverter.name(protocol) + " (encrypt ZeroMQ with --curve-server-key)");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw usageError("--tls-cert and --tls-key go together (a client certificate and its private key)");
    }
    try {
      io.zeroapi.TlsConfig config = io.zeroapi.TlsConfig.client();
      if (tlsCa != null) {
        config = config.trustedCertificates(tlsCa);
      }
      if (tlsCert != null) {
        config = config.certificate(tlsCert, tlsKey);
      }
      if (tlsServerName != null) {
        config = config.serverName(tlsServerName);
      }
      return tlsNoHostnameCheck ? config.hostnameVerification(false) : config;
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
  }
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
    if (tokenFile != null) {
      builder.intercept(BearerTokens.client(readToken(tokenFile, "--token-file")));
    }
    Metadata entries = metadata();
    if (!entries.isEmpty()) {
      builder.intercept((call, next) -> next.proceed(withAll(call, entries)));
    }
    io.zeroapi.TlsConfig tlsConfig = tlsConfig();
    if (tlsConfig != null) {
      builder.tls(tlsConfig);
    }
    return builder;
  }

  private static io.zeroapi.ClientCall withAll(io.zeroapi.ClientCall call, Metadata entries) {
    io.zeroapi.ClientCall result = call;
    for (var e : entries.asMap().entrySet()) {
      result = result.withMetadata(e.getKey(), e.getValue());
    }
    return result;
  }

  /** The {@code --metadata} entries, checked. */
  private Metadata metadata() {
    java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
    for (String entry : metadata) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw usageError("--metadata takes KEY=VALUE, got `" + entry + "`");
      }
      entries.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    try {
      return Metadata.of(entries);
    } catch (IllegalArgumentException e) {
      throw usageError("--metadata: " + e.getMessage());
    }
  }

  /**
   * The tokens of a token file: its non-blank lines, trimmed.
   *
   * @throws ParameterException when the file cannot be read or holds no token
   */
  static java.util.List<String> readTokens(CommandSpec spec, java.nio.file.Path file, String option) {
    java.util.List<String> tokens;
    try {
      tokens = java.nio.file.Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (java.io.IOException e) {
      throw new ParameterException(spec.commandLine(), option + ": cannot read " + file + ": " + e.getMessage());
    }
    if (tokens.isEmpty()) {
      throw new ParameterException(spec.commandLine(), option + ": " + file + " holds no token");
    }
    return tokens;
  }

  private String readToken(java.nio.file.Path file, String option) {
    String token = readTokens(mixee, file, option).get(0);
    try {
      BearerTokens.client(token); // checks it
    } catch (IllegalArgumentException e) {
      throw usageError(option + ": " + e.getMessage());
    }
    return token;
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
