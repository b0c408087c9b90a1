package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The {@code ./zero} launcher script as text: what it may and may not do before the jar runs. */
class LauncherScriptTest {
  private static final Pattern PACKAGE_MANAGER =
      Pattern.compile("\\b(apt-get|apt|dpkg|yum|dnf|apk|brew|snap|pip3?)\\s+(install|add|-i)\\b");

  static List<String> script() throws IOException {
    Path script = Path.of("").toAbsolutePath().getParent().resolve("zero");
    assertThat(script).exists();
    return Files.readAllLines(script);
  }

  /** A missing tool is reported with the command that installs it (an echo), never installed. */
  @Test
  void theLauncherInstallsNoSystemPackage() throws IOException {
    for (String line : script()) {
      String code = line.strip();
      if (code.startsWith("#") || code.startsWith("echo ")) {
        continue;
      }
      assertThat(code).as("a line of ./zero that runs a package manager").doesNotContainPattern(PACKAGE_MANAGER);
    }
  }

  /** Every command the script handles itself is listed by {@code zero --help}, which is the jar's. */
  @Test
  void everyCommandOfTheScriptIsListedInTheMainHelp() throws IOException {
    List<String> cases = script().stream()
        .map(String::strip)
        .filter(l -> l.matches("[a-z]+\\)"))
        .map(l -> l.substring(0, l.length() - 1))
        .toList();
    assertThat(cases).contains("test", "bench");
    assertThat(LauncherCommand.names()).containsAll(cases);
    String help = CommandLineTest.run("--help").out();
    for (String command : cases) {
      assertThat(help).containsPattern("(?m)^  " + command + " +\\S");
    }
  }
}
