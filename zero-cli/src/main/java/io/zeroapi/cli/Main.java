package io.zeroapi.cli;

import io.zeroapi.ZeroException;
import picocli.CommandLine;

/**
 * The entry point of the {@code zero} command ({@code java -jar zero-cli/target/zero-cli.jar}, or
 * {@code ./zero}).
 *
 * <p>Exit codes: 0 success; 1 a failed call or demo ({@code error: <Exception>: <message>} on
 * stderr); 2 bad usage (picocli's message and the usage help on stderr).
 */
public final class Main {
  /** Exit code of a command that ran but failed (a {@link ZeroException}, a failed demo check). */
  public static final int EXIT_FAILURE = 1;
  /** Exit code of a usage error. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own out/err writers. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ZeroCommand());
    commandLine.setExecutionExceptionHandler(Main::handleExecutionException);
    return commandLine;
  }

  /** A {@link ZeroException} is an expected failure: one line on stderr, exit 1, no stack trace. */
  private static int handleExecutionException(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    if (exception instanceof ZeroException zero) {
      commandLine.getErr().println(errorLine(zero));
      commandLine.getErr().flush();
      return EXIT_FAILURE;
    }
    throw exception;
  }

  /** {@code error: <SimpleClassName>: <message>}. */
  static String errorLine(Throwable error) {
    return "error: " + error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
