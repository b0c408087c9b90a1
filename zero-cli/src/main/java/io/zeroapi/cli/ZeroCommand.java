package io.zeroapi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zero}: the top command; does nothing by itself but hold the subcommands. Its help also
 * lists the commands of the {@code ./zero} launcher script ({@link LauncherCommand}).
 */
@Command(
    name = "zero",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Zero for Java: register functions on a server, call them by name.",
    subcommands = {DemoCommand.class, ServeCommand.class, CallCommand.class, ContractCommand.class, HealthCommand.class, LoadCommand.class,
      GenerateClientCommand.class, UiCommand.class, KeygenCommand.class, RollingUpdateCommand.class, ChaosCommand.class, SoakCommand.class,
      picocli.CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success, 1 a failed call or demo, 2 bad usage."})
public final class ZeroCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command (" + commandNames() + ")");
  }

  /** The commands of the jar and those of the launcher, for usage errors: one line. */
  static String commandNames() {
    return "demo, serve, call, contract, health, load, generate-client, ui, keygen, rolling-update, help; through ./zero also " + String.join(", ", LauncherCommand.names());
  }
}
