package io.zeroapi.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A server JVM spawned by the harness: started, asked for its counters, stopped by pid. */
final class ServerProcess implements AutoCloseable {
  /** A server's counters at one instant. */
  record Stats(long calls, long allocTotal, long allocThreads, long cpuNanos, long gcCount, long gcMillis) {}

  final ServerKind kind;
  final int port;
  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final Path log;

  private ServerProcess(ServerKind kind, Process process, int port, BufferedReader out, Writer in, Path log) {
    this.kind = kind;
    this.process = process;
    this.port = port;
    this.out = out;
    this.in = in;
    this.log = log;
  }

  static ServerProcess start(ServerKind kind, List<String> jvmFlags, int redisPort, Path logDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Machine.javaBinary());
    command.addAll(jvmFlags);
    if (kind == ServerKind.ZERO_TCP_TLS || kind == ServerKind.ZERO_TCP_TLS_OPENSSL || kind == ServerKind.GRPC_TLS) {
      command.add("-D" + BenchTls.DIR_PROPERTY + "=" + BenchTls.dir()); // the run's certificate
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ServerMain.class.getName());
    command.add(kind.label());
    if (redisPort > 0) {
      command.add(Integer.toString(redisPort));
    }
    Path log = logDir.resolve("server-" + kind.label() + ".log");
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
        .start();
    Processes.track(process);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    String ready = readLine(out, 60_000);
    // the JVM itself may print a line first (e.g. -XX:StartFlightRecording's "Started recording")
    for (int skipped = 0; ready != null && !ready.startsWith("READY ") && ready.startsWith("[") && skipped < 5; skipped++) {
      ready = readLine(out, 60_000);
    }
    if (ready == null || !ready.startsWith("READY ")) {
      process.destroyForcibly();
      throw new IOException("server " + kind.label() + " did not start (got " + ready + "); log: "
          + tail(log));
    }
    int port = Integer.parseInt(ready.substring(6).trim());
    return new ServerProcess(kind, process, port, out, in, log);
  }

  private static String readLine(BufferedReader reader, long timeoutMillis) {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return reader.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    try {
      return line.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  long pid() {
    return process.pid();
  }

  synchronized Stats stats() throws IOException {
    in.write("STATS\n");
    in.flush();
    String line = readLine(out, 10_000);
    if (line == null || !line.startsWith("STATS ")) {
      throw new IOException("server " + kind.label() + " did not answer STATS (got " + line + "); alive="
          + process.isAlive() + "; log: " + tail(log));
    }
    String[] f = line.substring(6).trim().split(" ");
    return new Stats(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
        Long.parseLong(f[4]), Long.parseLong(f[5]));
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      in.write("QUIT\n");
      in.flush();
    } catch (IOException ignored) {
      // already gone
    }
    Processes.stop(process);
  }
}
