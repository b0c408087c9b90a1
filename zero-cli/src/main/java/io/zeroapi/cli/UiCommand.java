package io.zeroapi.cli;

import io.zeroapi.cli.ui.WebConsole;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code zero ui HOST:PORT}: a web console for a live server (its functions from its contract, an
 * editable example argument, calls with their result or error, a history), until Ctrl-C.
 */
@Command(
    name = "ui",
    header = "Serves a web console for a server: browse its functions, call them from a browser.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Starts a small web server (on loopback unless --listen says otherwise) whose page lists the functions of "
          + "the Zero server at HOST:PORT from its contract, with their argument and result types, and calls them: "
          + "edit the example argument as JSON, call, see the result or the error and the time it took, and copy "
          + "the same call as a './zero call' command line. Runs until Ctrl-C.",
      "The page says when the server goes away and recovers when it comes back. A server without a contract "
          + "(a Python Zero server) can still be called by typing a function name."
    },
    footer = {"", "Example:", "  zero serve                          # the example server, on port 5559",
      "  zero ui 127.0.0.1:5559              # then open http://127.0.0.1:8080/",
      "  zero ui 127.0.0.1:5560 --protocol tcp --listen 127.0.0.1:9000"})
public final class UiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
      description = "The Zero server, e.g. 127.0.0.1:5559 or [::1]:5559.")
  HostPort address;

  @Mixin ClientOptions client;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080", converter = Listen.class,
      description = "Where the console serves its page (default: ${DEFAULT-VALUE}; port 0 picks a free one). "
          + "Anyone who reaches it can call the server through it: keep it on loopback unless you mean that.")
  HostPort listen;

  /** Parses {@code --listen}: like HOST:PORT, with port 0 allowed. */
  static final class Listen implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      try {
        return HostPort.parseListen(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    client.builder(address); // the options' usage errors now, not on the page's first call
    InetAddress listenAddress;
    try {
      listenAddress = InetAddress.getByName(listen.host());
    } catch (UnknownHostException e) {
      throw client.usageError("--listen " + listen + ": unknown host " + listen.host());
    }
    WebConsole console;
    try {
      console = WebConsole.start(new InetSocketAddress(listenAddress, listen.port()), address, client.protocol,
          client.timeoutMillis, Long.parseLong(ClientOptions.DEFAULT_TIMEOUT_MILLIS), client.curveServerKey,
          () -> client.builder(address).build(), WebConsole.DEFAULT_POLL_MILLIS);
    } catch (UncheckedIOException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage()
          + " (another program uses that port? pick another with --listen 127.0.0.1:PORT, or port 0 for a free one)");
      spec.commandLine().getErr().flush();
      return Main.EXIT_FAILURE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      console.close();
      stopped.countDown();
    }, "zero-ui-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Zero console for %s (%s): open %s in a browser.%n", address, ProtocolConverter.name(client.protocol),
        console.uri());
    if (!listenAddress.isLoopbackAddress()) {
      out.println("Warning: it listens on " + listen + ", not loopback: whoever reaches that address can call "
          + address + " through it.");
    }
    out.println(serverLine(console.contract()));
    out.println("Stop it with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }

  /** What the console found at the server when it started: the functions, or why there are none yet. */
  private static String serverLine(Map<String, Object> contract) {
    if (Boolean.TRUE.equals(contract.get("ok")) && contract.get("contract") instanceof Map<?, ?> view
        && view.get("functions") instanceof List<?> functions) {
      return "The server answers with " + functions.size() + " functions.";
    }
    return "The server does not answer with its contract yet (" + contract.get("errorKind") + ": "
        + contract.get("errorText") + "); the page says so and keeps asking.";
  }
}
