package io.zeroapi.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zero contract HOST:PORT}: the server's contract ({@code zero.contract}) as JSON on stdout. */
@Command(
    name = "contract",
    header = "Prints the contract of a server (its functions and their types) as JSON.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Asks the Zero for Java server at HOST:PORT for its contract (the reserved function zero.contract) and "
          + "prints it as JSON on stdout: the format version, the server, the protocol, every function with "
          + "the JSON Schema of its argument and result, and the named definitions they refer to. "
          + "The format is described in docs/contract.md.",
      "A server without a contract (a Python Zero server) or a failed call: one line 'error: ...' on stderr, "
          + "exit code 1."
    },
    footer = {"", "Example:", "  zero contract 127.0.0.1:5559", "  zero contract 127.0.0.1:5560 --protocol tcp --raw"})
public final class ContractCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The server, e.g. 127.0.0.1:5559 or [::1]:5559.")
  HostPort address;

  @Mixin ClientOptions client;

  @Option(names = "--raw", description = "Print the JSON on one line (default: indented).")
  boolean raw;

  @Override
  public Integer call() {
    Object contract;
    try {
      contract = ContractFetch.fetch(client, address);
    } catch (ContractFetch.Failure e) {
      return fail(e.getMessage());
    }
    spec.commandLine().getOut().println(raw ? Json.write(contract) : Json.writePretty(contract));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("error: " + message);
    spec.commandLine().getErr().flush();
    return Main.EXIT_FAILURE;
  }
}
