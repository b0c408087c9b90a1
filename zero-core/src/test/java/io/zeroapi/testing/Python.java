package io.zeroapi.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code python3} for the tests of the generated Python client, bounded by a timeout. The
 * tests need python3 with msgspec and pyzmq: when they are missing, {@link #require()} skips the
 * test with a message naming {@code pip install msgspec pyzmq}, unless the environment variable
 * {@code ZERO_REQUIRE_PYTHON=1} is set, which makes it fail instead (CI sets it). The stub {@code
 * zero} package of the test resources ({@code python/zero}) is on {@code PYTHONPATH}.
 */
public final class Python {
  private Python() {}

  /** What a run gave. */
  public record Result(int exitCode, String output) {}

  private static volatile String missing; // null until checked; "" when available

  /** Skips (or, with ZERO_REQUIRE_PYTHON=1, fails) the test unless python3 with msgspec and pyzmq runs. */
  public static void require() {
    if (missing == null) {
      String why;
      try {
        Result probe = run(Duration.PROBE, "-c", "import msgspec, zmq");
        why = probe.exitCode() == 0 ? "" : "python3 cannot import msgspec and zmq (" + lastLine(probe.output()) + ")";
      } catch (IOException e) {
        why = "no python3 on the PATH (" + e.getMessage() + ")";
      }
      missing = why;
    }
    if (!missing.isEmpty()) {
      String message = missing + "; install them with `pip install msgspec pyzmq` to run this test";
      if ("1".equals(System.getenv("ZERO_REQUIRE_PYTHON"))) {
        fail(message + " (ZERO_REQUIRE_PYTHON=1 makes this a failure)");
      }
      Assumptions.abort(message);
    }
  }

  private static String lastLine(String output) {
    List<String> lines = output.strip().lines().toList();
    return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
  }

  /** How long a run may take. */
  public enum Duration {
    PROBE(30), CHECK(60);

    final int seconds;

    Duration(int seconds) {
      this.seconds = seconds;
    }
  }

  /** The test resources' directory of Python files (the stub {@code zero} package and the scripts). */
  public static Path resources() {
    try {
      return Path.of(Python.class.getResource("/python").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code python3 ARGS...} with the stub package on PYTHONPATH; output is stdout and stderr. */
  public static Result run(Duration limit, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("python3");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path output = Files.createTempFile("zero-python", ".out");
    builder.redirectOutput(output.toFile());
    builder.environment().put("PYTHONPATH", resources().toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    Process process = builder.start();
    try {
      if (!process.waitFor(limit.seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, "python3 did not finish within " + limit.seconds + " s: "
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * Starts {@code python3 SCRIPT ARGS...} (a script of the test resources) that prints a port on its
   * first line and serves until its stdin closes; returns once that line is read.
   */
  public static Server serve(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("python3", resources().resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = lines.readLine();
    if (first == null) {
      process.destroyForcibly();
      throw new IOException(script + " ended before printing its port");
    }
    return new Server(process, Integer.parseInt(first.strip()));
  }

  /** A Python server process: its port; closing it closes its stdin, which ends it. */
  public record Server(Process process, int port) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
