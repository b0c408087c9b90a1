package io.zeroapi.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server on a free loopback port, no persistence, stopped by pid at the end. The harness
 * never installs it: when it is missing, the redis workload is skipped and the report says how to
 * install it.
 */
final class RedisProcess implements AutoCloseable {
  /** What a missing Redis is reported with: the command that installs it on Debian and Ubuntu. */
  static final String INSTALL_COMMAND = "apt-get install redis-server";

  /** Where Debian's package puts it, looked at when it is not on the PATH. */
  private static final List<Path> USUAL_PLACES =
      List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"), Path.of("/usr/sbin/redis-server"));

  final int port;
  private final Process process;

  private RedisProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** The redis-server executable: the first on {@code path} (a PATH value), else a usual place; null if none. */
  static Path find(String path) {
    List<Path> candidates = new ArrayList<>();
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "redis-server"));
        }
      }
    }
    candidates.addAll(USUAL_PLACES);
    return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst().orElse(null);
  }

  /** The redis-server of this machine, or null. */
  static Path find() {
    return find(System.getenv("PATH"));
  }

  /** Why Redis cannot run here ({@code binary} is what {@link #find} gave), or null when it can. */
  static String unavailableReason(Path binary) {
    if (binary == null) {
      return "redis-server is not installed (not on the PATH, nor in /usr/bin); install it with '" + INSTALL_COMMAND
          + "' (as root, on Debian or Ubuntu) to run the redis workload";
    }
    return null;
  }

  static RedisProcess start(Path binary, Path logDir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"))
        .redirectErrorStream(true)
        .redirectOutput(logDir.resolve("redis.log").toFile())
        .start();
    Processes.track(process);
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + "; see " + logDir.resolve("redis.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new RedisProcess(port, process);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    Processes.stop(process);
    throw new IOException("redis-server did not accept connections on port " + port + " within 10 s");
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    Processes.stop(process);
  }
}
