package io.zeroapi.cli;

import io.zeroapi.CurveKeys;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.examples.ExampleServer;
import io.zeroapi.internal.Health;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zero serve}: runs the example server until Ctrl-C or SIGTERM. */
@Command(
    name = "serve",
    header = "Runs the example server until Ctrl-C or SIGTERM.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Runs the example server (hello_world, echo, process_order, echo_point, fail, sleep, sleep_async, "
        + "sum_list, divide) until Ctrl-C or SIGTERM, then shuts down gracefully: it reports itself not serving "
        + "(zero.health, /readyz), keeps serving for the drain delay, then lets the calls in flight finish "
        + "within the grace period.")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "zmq", converter = ProtocolConverter.class,
      completionCandidates = ProtocolConverter.Names.class,
      description = "The transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Protocol protocol;

  @Option(names = "--host", defaultValue = "0.0.0.0",
      description = "The address to bind (default: ${DEFAULT-VALUE}, all interfaces).")
  String host;

  @Option(names = "--port", defaultValue = "5559",
      description = "The port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "Also serve an HTTP health probe on PORT (same host): GET " + Health.LIVENESS_PATH
          + " 200 while the process runs, GET " + Health.READINESS_PATH + " 200 while serving, 503 while draining. "
          + "Default: none.")
  Integer healthPort;

  @Option(names = "--drain-delay", paramLabel = "MS",
      description = "On SIGTERM, keep serving MS milliseconds after reporting not serving, so that clients and "
          + "Kubernetes move their calls elsewhere (default: 5000 with --health-port, else 0).")
  Long drainDelayMillis;

  @Option(names = "--grace-period", paramLabel = "MS",
      description = "After the drain delay, wait at most MS milliseconds for the calls in flight (default: 10000).")
  Long gracePeriodMillis;

  @Option(names = "--curve-public-key", paramLabel = "KEY",
      description = "ZeroMQ only: encrypt with CURVE; KEY is the server's public key (from 'zero keygen'), "
          + "the secret key comes from the environment variable ZERO_CURVE_SECRET_KEY.")
  String curvePublicKey;

  @Option(names = "--curve-secret-key", paramLabel = "KEY", defaultValue = "${env:ZERO_CURVE_SECRET_KEY}",
      hidden = true, description = "The server's CURVE secret key (prefer ZERO_CURVE_SECRET_KEY: arguments show in ps).")
  String curveSecretKey;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Accept only calls that carry one of the bearer tokens in FILE (one per line; several while "
          + "one is rotated); others fail with UnauthenticatedException. Python clients cannot send a token.")
  java.nio.file.Path tokenFile;

  // --- TLS (TCP only) ---

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "TCP only: serve over TLS with the certificate chain (PEM, the server's first) in FILE; needs "
          + "--tls-key.")
  java.nio.file.Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "TCP only: the private key (unencrypted PKCS#8 PEM) of --tls-cert.")
  java.nio.file.Path tlsKey;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "TCP only: the CA certificates (PEM) that sign client certificates (mutual TLS); implies "
          + "--tls-client-auth require unless given.")
  java.nio.file.Path tlsCa;

  @Option(names = "--tls-client-auth", paramLabel = "MODE",
      description = "TCP only: none, optional or require a client certificate (default: require with --tls-ca, "
          + "else none).")
  String tlsClientAuth;

  /** The server's TLS from the --tls-* options, or null when none is given. */
  private io.zeroapi.TlsConfig tlsConfig() {
    if (tlsCert == null && tlsKey == null && tlsCa == null && tlsClientAuth == null) {
      return null;
    }
    if (protocol != Protocol.TCP) {
      throw new ParameterException(spec.commandLine(), "--tls-* options are for --protocol tcp: TLS encrypts the "
          + "raw TCP transport only, not " + ProtocolConverter.name(protocol) + " (encrypt ZeroMQ with CURVE)");
    }
    if (tlsCert == null || tlsKey == null) {
      throw new ParameterException(spec.commandLine(), "TLS needs both --tls-cert and --tls-key (the server's "
          + "certificate chain and its private key)");
    }
    io.zeroapi.TlsConfig.ClientAuth auth;
    try {
      auth = tlsClientAuth == null
          ? (tlsCa != null ? io.zeroapi.TlsConfig.ClientAuth.REQUIRE : io.zeroapi.TlsConfig.ClientAuth.NONE)
          : io.zeroapi.TlsConfig.ClientAuth.valueOf(tlsClientAuth.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--tls-client-auth is none, optional or require, got " + tlsClientAuth);
    }
    if (auth != io.zeroapi.TlsConfig.ClientAuth.NONE && tlsCa == null) {
      throw new ParameterException(spec.commandLine(),
          "--tls-client-auth " + tlsClientAuth + " needs --tls-ca (the CAs that sign client certificates)");
    }
    try {
      io.zeroapi.TlsConfig config = io.zeroapi.TlsConfig.server(tlsCert, tlsKey);
      if (tlsCa != null) {
        config = config.trustedCertificates(tlsCa);
      }
      return config.clientAuth(auth);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Option(names = "--curve-allow", paramLabel = "KEY|FILE",
      description = "With --curve-public-key: let in only the CURVE clients with these public keys (client "
          + "authentication through ZAP); each value is a client's public key or a file of them, one per line "
          + "(blank lines and lines starting with # are skipped). Repeatable. Clients give their own key pair with "
          + "'call --curve-client-key'. Default: any client that knows the server's public key.")
  List<String> curveAllow;

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be within 0..65535, got " + port);
    }
    checkCurveOptions();
    ZeroServer.Builder builder = ZeroServer.builder().host(host).port(port).protocol(protocol);
    configureShutdown(builder);
    if (tokenFile != null) {
      try {
        builder.intercept(io.zeroapi.BearerTokens.server(ClientOptions.readTokens(spec, tokenFile, "--token-file")));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--token-file: " + e.getMessage());
      }
    }
    if (curvePublicKey != null) {
      if (curveSecretKey == null || curveSecretKey.isBlank()) {
        throw new ParameterException(spec.commandLine(),
            "--curve-public-key needs the secret key in the environment variable ZERO_CURVE_SECRET_KEY");
      }
      try {
        String derived = CurveKeys.publicKeyOf(curveSecretKey);
        if (!derived.equals(curvePublicKey)) {
          // Caught here, not by the first client timing out: every handshake would fail.
          throw new ParameterException(spec.commandLine(), "--curve-public-key " + curvePublicKey
              + " is not the public key of the secret key in ZERO_CURVE_SECRET_KEY (that is " + derived
              + "): give both keys of one pair from 'zero keygen'");
        }
        CurveKeys keys = CurveKeys.of(curvePublicKey, curveSecretKey);
        if (curveAllow == null) {
          builder.curve(keys);
        } else {
          builder.curve(keys, allowedClientKeys());
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), (curveAllow != null && e.getMessage().contains("allowed")
            ? "--curve-allow: " : "") + e.getMessage());
      }
    }
    io.zeroapi.TlsConfig tls = tlsConfig();
    if (tls != null) {
      builder.tls(tls);
    }
    ZeroServer server;
    try {
      server = ExampleServer.register(builder.build());
    } catch (IllegalArgumentException e) { // e.g. a key that is not PKCS#8 PEM
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    server.start();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Zero example server listening on %s (%s), functions: %s%n",
        new HostPort(host, server.port()), server.transportDescription(), String.join(", ", server.functions()));
    if (healthPort != null) {
      out.printf("Health probe on http://%s%s and %s%n", new HostPort(host, server.healthPort()),
          Health.LIVENESS_PATH, Health.READINESS_PATH);
    }
    out.println("Stop it with Ctrl-C (or SIGTERM).");
    out.flush();
    server.run();
    return 0;
  }

  /** The health port, drain delay and grace period, checked. */
  private void configureShutdown(ZeroServer.Builder builder) {
    if (healthPort != null) {
      if (healthPort < 0 || healthPort > 65_535) {
        throw new ParameterException(spec.commandLine(), "--health-port must be within 0..65535, got " + healthPort);
      }
      builder.healthPort(healthPort);
    }
    if (drainDelayMillis != null) {
      if (drainDelayMillis < 0) {
        throw new ParameterException(spec.commandLine(), "--drain-delay must not be negative, got " + drainDelayMillis);
      }
      builder.drainDelay(Duration.ofMillis(drainDelayMillis));
    }
    if (gracePeriodMillis != null) {
      if (gracePeriodMillis < 0) {
        throw new ParameterException(spec.commandLine(), "--grace-period must not be negative, got " + gracePeriodMillis);
      }
      builder.shutdownGracePeriod(Duration.ofMillis(gracePeriodMillis));
    }
  }

  /**
   * The client keys of {@code --curve-allow}: each value is a file of keys if such a file exists,
   * else a key (the server's builder checks them all and says which one is wrong).
   */
  private List<String> allowedClientKeys() {
    List<String> keys = new ArrayList<>();
    for (String value : curveAllow) {
      Path file;
      try {
        file = Path.of(value);
      } catch (InvalidPathException e) {
        keys.add(value);
        continue;
      }
      if (!Files.isRegularFile(file)) {
        keys.add(value.strip());
        continue;
      }
      try {
        for (String line : Files.readAllLines(file)) {
          String key = line.strip();
          if (!key.isEmpty() && !key.startsWith("#")) {
            keys.add(key);
          }
        }
      } catch (IOException | UncheckedIOException e) {
        throw new ParameterException(spec.commandLine(), "--curve-allow: cannot read " + value + ": " + e.getMessage());
      }
    }
    return keys;
  }

  /** CURVE with another transport than ZeroMQ is a usage error, not a stack trace from the builder. */
  private void checkCurveOptions() {
    if (curvePublicKey != null && protocol != Protocol.ZMQ) {
      throw new ParameterException(spec.commandLine(), "--curve-public-key is for --protocol zmq: CURVE encrypts "
          + "the ZeroMQ transport only, not " + ProtocolConverter.name(protocol));
    }
    if (curvePublicKey == null && spec.commandLine().getParseResult().hasMatchedOption("--curve-secret-key")) {
      throw new ParameterException(spec.commandLine(), "--curve-secret-key needs --curve-public-key");
    }
    if (curvePublicKey == null && curveAllow != null) {
      throw new ParameterException(spec.commandLine(), "--curve-allow needs --curve-public-key: client keys are "
          + "checked in the CURVE handshake");
    }
  }
}
