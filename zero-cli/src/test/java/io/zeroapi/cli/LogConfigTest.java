package io.zeroapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What {@code ./zero test} prints: the logback configurations of every module write plain text (no
 * ANSI colour codes), and the tests' configurations keep the stack traces of functions that throw
 * on purpose out of a passing build's log.
 */
class LogConfigTest {
  /** Logback's colour conversion words; each writes ANSI escape codes. */
  private static final Pattern COLOUR = Pattern.compile(
      "%(highlight|black|red|green|yellow|blue|magenta|cyan|white|gray|bold\\w*|boldRed|boldGreen)\\b"
          + "|withJansi>\\s*true|\u001b");

  private static final String DISPATCHER = "io.zeroapi.internal.Dispatcher";

  /** Every logback configuration of the project's modules (not of build output). */
  static List<Path> configurations() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("pom.xml")).as("the project root above %s", Path.of("").toAbsolutePath()).exists();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().matches("logback(-test)?\\.xml"))
          .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/(main|test)/resources/.*"))
          .sorted()
          .toList();
    }
  }

  @Test
  void noLogbackConfigurationWritesColourCodes() throws IOException {
    List<Path> configurations = configurations();
    assertThat(configurations).extracting(p -> p.getFileName().toString())
        .contains("logback.xml", "logback-test.xml");
    for (Path configuration : configurations) {
      assertThat(Files.readString(configuration)).as(configuration.toString()).doesNotContainPattern(COLOUR);
    }
  }

  @Test
  void testConfigurationsLogTheDispatchersWarningsWithoutTheirStackTraces() throws IOException {
    List<Path> tests = configurations().stream().filter(p -> p.getFileName().toString().equals("logback-test.xml")).toList();
    assertThat(tests).isNotEmpty();
    for (Path configuration : tests) {
      String xml = Files.readString(configuration);
      assertThat(xml).as(configuration.toString())
          .containsPattern("<logger name=\"" + Pattern.quote(DISPATCHER) + "\"[^>]*additivity=\"false\"")
          .contains("%nopex");
    }
  }

  @Test
  void thisModulesTestLoggingKeepsTheWarningAndDropsTheTrace() {
    // The demo quiets this logger for the rest of the JVM when it runs first (its errors are on purpose).
    ch.qos.logback.classic.Logger dispatcher = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DISPATCHER);
    ch.qos.logback.classic.Level level = dispatcher.getLevel();
    dispatcher.setLevel(ch.qos.logback.classic.Level.INFO);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      IllegalStateException thrown = new IllegalStateException("boom");
      LoggerFactory.getLogger(DISPATCHER).warn("Function `{}` threw {}", "fail", thrown.toString(), thrown);
      LoggerFactory.getLogger("io.zeroapi.cli.LogConfigTest").warn("unexpected", new IllegalStateException("bug"));
    } finally {
      System.setErr(original);
      dispatcher.setLevel(level);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("Function `fail` threw java.lang.IllegalStateException: boom");
    assertThat(log.substring(0, log.indexOf("unexpected"))).doesNotContain("\tat ");
    assertThat(log.substring(log.indexOf("unexpected"))).contains("IllegalStateException: bug").contains("\tat ");
  }
}
