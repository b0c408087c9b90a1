package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The usage help of every command, the launcher's included: it formats, wraps and has no colour codes off a terminal. */
class UsageHelpTest {

  /** Every command under {@code zero}, hidden ones (the launcher's) included, depth first. */
  static List<CommandLine> allCommands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    all.add(root);
    root.getSubcommands().values().forEach(sub -> all.addAll(allCommands(sub)));
    return all;
  }

  /**
   * Every text picocli passes through {@code String.format} before printing it; a lone {@code %}
   * makes it print "Could not format ..." on stderr instead.
   */
  static List<String> formattedTexts(CommandSpec spec) {
    UsageMessageSpec usage = spec.usageMessage();
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(usage.header()));
    texts.addAll(List.of(usage.description()));
    texts.addAll(List.of(usage.footer()));
    texts.addAll(List.of(usage.customSynopsis()));
    for (String heading : new String[] {usage.headerHeading(), usage.synopsisHeading(), usage.descriptionHeading(),
        usage.parameterListHeading(), usage.optionListHeading(), usage.commandListHeading(), usage.footerHeading()}) {
      texts.add(heading);
    }
    // As written: ArgSpec.description() is already formatted (and warns itself on a lone %).
    spec.options().forEach(option -> texts.addAll(List.of(option.toBuilder().description())));
    spec.positionalParameters().forEach(positional -> texts.addAll(List.of(positional.toBuilder().description())));
    return texts;
  }

  @Test
  void everyHelpTextFormatsWithoutAWarning() {
    for (CommandLine command : allCommands(Main.commandLine())) {
      for (String text : formattedTexts(command.getCommandSpec())) {
        assertThatCode(() -> String.format(text))
            .as("'%s' in the help of %s (write %% as %%%%)", text, command.getCommandSpec().qualifiedName())
            .doesNotThrowAnyException();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {80, Main.USAGE_WIDTH})
  void everyHelpWrapsWithinTheWidth(int width) {
    CommandLine root = Main.commandLine();
    root.setUsageHelpAutoWidth(false);
    root.setUsageHelpWidth(width);
    for (CommandLine command : allCommands(root)) {
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertThat(help).isNotBlank();
      for (String line : help.split("\\R")) {
        assertThat(line.length())
            .as("line of the help of %s at width %d:%n%s", command.getCommandSpec().qualifiedName(), width, line)
            .isLessThanOrEqualTo(width);
      }
    }
  }

  @Test
  void offATerminalTheHelpHasNoColourCodes() {
    CommandLineTest.Run run = CommandLineTest.run("--help");
    assertThat(run.out()).doesNotContain("\u001b");
    assertThat(CommandLineTest.run("call", "--help").out()).doesNotContain("\u001b");
    assertThat(CommandLineTest.run("call").err()).doesNotContain("\u001b");
  }

  /**
   * The real thing in a fresh JVM: picocli writes its "Could not format" warnings to the
   * {@code System.err} it saw when it was loaded, so only a JVM of its own shows them.
   */
  @Test
  @Timeout(60)
  void everyHelpPrintsCleanlyInItsOwnJvm() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HelpPrinter.class.getName())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      output = bytes.toString(StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Usage: zero call").contains("Usage: zero bench")
        .doesNotContain("Could not format").doesNotContain("[picocli").doesNotContain("\u001b");
  }

  /** Prints the help of every command; run by {@link #everyHelpPrintsCleanlyInItsOwnJvm}. */
  public static final class HelpPrinter {
    public static void main(String[] args) {
      int failures = 0;
      for (CommandLine command : allCommands(Main.commandLine())) {
        List<String> path = new ArrayList<>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
          path.add(0, c.getCommandName());
        }
        path.add("--help");
        failures += Main.commandLine().execute(path.toArray(String[]::new));
      }
      System.exit(failures);
    }
  }
}
