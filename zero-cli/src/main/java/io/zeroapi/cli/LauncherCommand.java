package io.zeroapi.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A command of the {@code ./zero} launcher script ({@code test}, {@code build}, {@code install},
 * {@code bench}, {@code jmh}, {@code fuzz}, {@code coverage}, {@code mutation}): the script handles it before the jar is involved (it runs Maven or
 * the benchmarks jar). The jar knows these commands only to list them in {@code zero --help}, under
 * their own heading, and to say where to run them when they reach it anyway.
 */
@Command(
    hidden = true,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    footer = {"", "Exit codes: 2 when run through the jar rather than the ./zero script."})
public final class LauncherCommand implements Callable<Integer> {
  /** The key of the main help's section that lists these commands, after the jar's own. */
  static final String SECTION_KEY = "launcherCommands";

  private record Entry(String name, String header, String description) {}

  private static final List<Entry> COMMANDS = List.of(
      new Entry("test", "Builds everything and runs every test (mvn verify); what CI runs.",
          "Runs 'mvn verify' on the whole project with a JDK 21+ the script finds itself; extra arguments go to Maven."),
      new Entry("build", "Builds the jars without running the tests.",
          "Runs 'mvn -DskipTests install' on the whole project; extra arguments go to Maven."),
      new Entry("install", "Installs the library (io.zeroapi:zero) into the local Maven repository.",
          "Builds the library and installs it into the local Maven repository (~/.m2), where your own project's "
              + "build finds it."),
      new Entry("bench", "Runs the benchmark harness; './zero bench --help' lists its options.",
          "Builds the benchmarks jar if needed and runs the harness, which writes benchmarks.md, .json and .svg to docs/. It "
              + "installs nothing: without redis-server the redis workload is skipped, and the report says why."),
      new Entry("jmh", "Runs the JMH microbenchmarks with JMH's own options.",
          "Builds the benchmarks jar if needed and runs JMH's own command line on it, e.g. "
              + "'./zero jmh CodecBenchmark -prof gc'."),
      new Entry("fuzz", "Fuzzes the decoders with Jazzer: ./zero fuzz [--minutes N] [TARGET].",
          "Runs each fuzz target (frames, envelope, requestFrame, untyped, typed; default all) for N minutes (default 5); "
              + "new inputs join the committed corpus that every test run replays (docs/reliability.md)."),
      new Entry("coverage", "Branch coverage of the decoders reached by the fuzz corpus alone (JaCoCo).",
          "Runs the fuzz targets over their committed corpus under JaCoCo and prints the decoders' branch coverage."),
      new Entry("mutation", "Mutation testing (PIT) of the codec, the frame decoders and the dispatcher.",
          "Runs pitest over those classes with their unit tests and prints the mutation score; long, not part of CI."));

  @Spec CommandSpec spec;

  @Unmatched List<String> arguments = new ArrayList<>();

  /** The launcher commands' names, in the order the help lists them. */
  static List<String> names() {
    return COMMANDS.stream().map(Entry::name).toList();
  }

  /**
   * Adds the launcher commands to {@code zero} as hidden subcommands, and a section listing them
   * to its usage help right after its own command list.
   */
  static void addTo(CommandLine zero) {
    for (Entry entry : COMMANDS) {
      CommandLine sub = new CommandLine(new LauncherCommand());
      CommandSpec spec = sub.getCommandSpec();
      spec.name(entry.name());
      spec.usageMessage().header(entry.header());
      spec.usageMessage().description(
          "Run it as './zero " + entry.name() + "': the ./zero launcher script handles it, not this jar.",
          entry.description());
      zero.addSubcommand(entry.name(), sub);
    }
    zero.getHelpSectionMap().put(SECTION_KEY, LauncherCommand::section);
    List<String> keys = new ArrayList<>(zero.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, SECTION_KEY);
    zero.setHelpSectionKeys(keys);
  }

  private static String section(Help help) {
    Map<String, Help> launcher = new LinkedHashMap<>();
    for (String name : names()) {
      Help command = help.allSubcommands().get(name);
      if (command != null) {
        launcher.put(name, command);
      }
    }
    if (launcher.isEmpty()) {
      return "";
    }
    return "Commands of the ./zero script (they run Maven or the benchmarks, not this jar):" + System.lineSeparator()
        + help.commandList(launcher);
  }

  @Override
  public Integer call() {
    String name = spec.name();
    PrintWriter err = spec.commandLine().getErr();
    err.println("zero " + name + ": runs through the ./zero launcher script, not this jar: ./zero " + name
        + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments)));
    err.flush();
    return Main.EXIT_USAGE;
  }
}
