package io.zeroapi.cli;

import io.zeroapi.CurveKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zero keygen}: prints a new CURVE key pair for the ZeroMQ transport. */
@Command(
    name = "keygen",
    header = "Prints a new CURVE key pair (Z85) for encrypting the ZeroMQ transport.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prints a new CURVE key pair. The server keeps both keys (serve --curve-public-key K with the "
        + "secret in ZERO_CURVE_SECRET_KEY); clients get only the public key (call --curve-server-key K). "
        + "A client of a server that lets in only listed clients (serve --curve-allow KEY|FILE) needs a pair of its "
        + "own: call --curve-client-key K with the secret in ZERO_CURVE_CLIENT_SECRET_KEY. "
        + "CURVE encrypts the ZeroMQ transport only.")
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CurveKeys keys = CurveKeys.generate();
    PrintWriter out = spec.commandLine().getOut();
    out.println("public-key: " + keys.publicKey());
    out.println("secret-key: " + keys.secretKey());
    out.flush();
    return 0;
  }
}
