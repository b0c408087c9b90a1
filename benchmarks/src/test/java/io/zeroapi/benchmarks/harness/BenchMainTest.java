package io.zeroapi.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/** {@code ./zero bench} as a user meets it before anything runs: its help, its usage errors, a missing Redis, a smoke's report. */
class BenchMainTest {

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = BenchMain.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void everyHelpTextFormatsWithoutPicocliWarnings() {
    UsageMessageSpec usage = BenchMain.commandLine().getCommandSpec().usageMessage();
    List<String> texts = new ArrayList<>(List.of(usage.description()));
    texts.addAll(List.of(usage.footer()));
    // As written: OptionSpec.description() is already formatted (and warns itself on a lone %).
    BenchMain.commandLine().getCommandSpec().options().forEach(option -> texts.addAll(List.of(option.toBuilder().description())));
    assertThat(texts).anyMatch(t -> t.contains("50 %%"));
    for (String text : texts) {
      assertThatCode(() -> String.format(text)).as("'%s' (write %% as %%%%)", text).doesNotThrowAnyException();
    }
  }

  @Test
  void helpWrapsWithinTheWidthAndNamesTheValuesTheOptionsTake() {
    for (int width : new int[] {80, BenchMain.USAGE_WIDTH}) {
      CommandLine commandLine = BenchMain.commandLine();
      commandLine.setUsageHelpAutoWidth(false);
      commandLine.setUsageHelpWidth(width);
      String help = commandLine.getUsageMessage(CommandLine.Help.Ansi.AUTO);
      assertThat(help).doesNotContain("\u001b").contains("50 % of each system").contains("zero-tcp, zero-tcp-pool")
          .contains("hello, echo-1k, echo-64k, redis").doesNotContain("ZERO_TCP");
      for (String line : help.split("\\R")) {
        assertThat(line.length()).as("at width %d: %s", width, line).isLessThanOrEqualTo(width);
      }
    }
  }

  /** picocli prints "Could not format" on the stderr it saw when loaded: only a JVM of its own shows it. */
  @Test
  @Timeout(60)
  void helpPrintsCleanlyInItsOwnJvmAndStartsNothing() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(Plan.lightJvmFlags()); // JDK 23+ would warn about msgpack's Unsafe otherwise
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "--help"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      output = bytes.toString(StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).startsWith("Usage: zero bench").doesNotContain("Could not format").doesNotContain("[picocli")
        .doesNotContain("bench: ");
  }

  @Test
  void usageErrorsAreOneLineAndAHint() {
    for (String[] args : List.of(new String[] {"--systems", "nope"}, new String[] {"--ful"},
        new String[] {"--full", "--quick"}, new String[] {"--systems", "netty", "--workloads", "redis"})) {
      Run run = run(args);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      String[] lines = run.err().split("\\n");
      assertThat(lines).as(run.err()).hasSize(2);
      assertThat(lines[0]).startsWith("zero bench: ");
      assertThat(lines[1]).isEqualTo("Try './zero bench --help' for more information.");
    }
    assertThat(run("--systems", "nope").err()).contains("unknown system nope; expected one of zero-tcp,");
    assertThat(run("--ful").err()).contains("did you mean --full?");
  }

  @Test
  void redisIsLookedForOnThePathFirst(@TempDir Path dir) throws IOException {
    Path fake = Files.createFile(dir.resolve("redis-server"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    assertThat(RedisProcess.find(dir.toString())).isEqualTo(fake);
    assertThat(RedisProcess.unavailableReason(fake)).isNull();
  }

  @Test
  void aMissingRedisSkipsTheRedisWorkloadSayingHowToInstallIt() {
    String reason = RedisProcess.unavailableReason(null);
    assertThat(reason).contains("redis-server is not installed").contains("'apt-get install redis-server'");

    Plan plan = Plan.shortPlan(EnumSet.allOf(SystemId.class), EnumSet.allOf(Workload.class));
    assertThat(plan.needsRedis()).isTrue();
    List<String> notes = new ArrayList<>();
    Plan skipped = Bench.skipRedis(plan, reason, notes);
    assertThat(skipped.needsRedis()).isFalse();
    assertThat(skipped.entries()).isNotEmpty();
    assertThat(notes).containsExactly("Redis workload skipped: " + reason);

    Report report = report(skipped, notes);
    assertThat(report.targets()).filteredOn(t -> t.id().startsWith("T7")).hasSize(3)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo("not measured (the redis workload was skipped: see Notes)"));
    assertThat(report.markdown()).contains("## Notes\n\n- Redis workload skipped: redis-server is not installed")
        .contains("apt-get install redis-server");
  }

  @Test
  void aSmokeRunJudgesNoTargetAndSaysItIsASmoke() {
    Report smoke = report(Plan.quickPlan(EnumSet.allOf(SystemId.class)), List.of());
    assertThat(smoke.smoke()).isTrue();
    assertThat(smoke.targets()).isNotEmpty().allSatisfy(t -> assertThat(t.status()).isEqualTo(Report.NOT_JUDGED));
    assertThat(smoke.markdown()).contains("This is a smoke run").contains(Report.SMOKE_NOTE.substring(1))
        .doesNotContain("not met").doesNotContain("**met**");
    assertThat(smoke.json()).containsEntry("smoke", true);

    Report measured = report(Plan.shortPlan(EnumSet.allOf(SystemId.class), EnumSet.allOf(Workload.class)), List.of());
    assertThat(measured.smoke()).isFalse();
    assertThat(measured.targets()).noneMatch(t -> t.status().equals(Report.NOT_JUDGED));
  }

  private static Report report(Plan plan, List<String> notes) {
    Bench.Session session = new Bench.Session(plan, List.of(), Instant.now(), Duration.ofSeconds(1), 1, notes);
    return new Report(session, Map.of("nproc", 2), "test JDK", Map.of("netty", "test"), "./zero bench");
  }
}
