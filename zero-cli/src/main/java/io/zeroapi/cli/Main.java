package io.zeroapi.cli;

import io.zeroapi.ZeroException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The entry point of the {@code zero} command ({@code java -jar zero-cli/target/zero-cli.jar}, or
 * {@code ./zero}).
 *
 * <p>Exit codes: 0 success; 1 a failed call or demo ({@code error: <Exception>: <message>} on
 * stderr); 2 bad usage (one line saying what is wrong and a line pointing to {@code --help}, on
 * stderr).
 */
public final class Main {
  /** Exit code of a command that ran but failed (a {@link ZeroException}, a failed demo check). */
  public static final int EXIT_FAILURE = 1;
  /** Exit code of a usage error. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
  /**
   * Width of the usage help when it does not go to a terminal (on a terminal, the terminal's
   * width).
   */
  public static final int USAGE_WIDTH = 100;

  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own out/err writers. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new ZeroCommand());
    LauncherCommand.addTo(commandLine);
    // After the subcommands are added: these setters apply to the subcommands present.
    commandLine.setUsageHelpAutoWidth(true);
    commandLine.setUsageHelpWidth(USAGE_WIDTH);
    commandLine.setExecutionExceptionHandler(Main::handleExecutionException);
    commandLine.setParameterExceptionHandler(Main::handleParameterException);
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

  /**
   * A usage error: {@code zero call: <what is wrong>} and {@code Try 'zero call --help' for more
   * information.} on stderr, exit 2; not the whole usage help, which would bury the one line that
   * matters.
   */
  static int handleParameterException(ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    String name = commandLine.getCommandSpec().qualifiedName();
    PrintWriter err = commandLine.getErr();
    err.println(name + ": " + usageErrorMessage(exception));
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The message of a usage error on one line, naming the commands when a command is unknown. */
  static String usageErrorMessage(ParameterException exception) {
    CommandLine commandLine = exception.getCommandLine();
    if (exception instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      String first = unmatched.getUnmatched().get(0);
      if (!commandLine.getSubcommands().isEmpty() && !first.startsWith("-")
          && commandLine.getParseResult() != null && !commandLine.getParseResult().hasSubcommand()) {
        return "unknown command '" + first + "' (" + ZeroCommand.commandNames() + ")";
      }
      List<String> suggestions = unmatched.isUnknownOption() ? unmatched.getSuggestions() : List.of();
      String message = oneLine(exception.getMessage());
      return suggestions.isEmpty() ? message : message + " (did you mean " + String.join(" or ", suggestions) + "?)";
    }
    return oneLine(exception.getMessage());
  }

  private static String oneLine(String message) {
    return message == null ? "bad usage" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** {@code error: <SimpleClassName>: <message>}. */
  static String errorLine(Throwable error) {
    return "error: " + error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
