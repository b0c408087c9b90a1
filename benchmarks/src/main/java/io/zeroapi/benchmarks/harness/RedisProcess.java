package io.zeroapi.benchmarks.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A redis-server on a free loopback port, no persistence, stopped by pid at the end. */
final class RedisProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/redis-server");

  final int port;
  private final Process process;

  private RedisProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Why Redis cannot run here, or null when it can. */
  static String unavailableReason() {
    if (!Files.isExecutable(BINARY)) {
      return BINARY + " is missing (./zero bench installs it with apt-get install -y redis-server when it can)";
    }
    return null;
  }

  static RedisProcess start(Path logDir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = probe.getLocalPort();
    }
    Process process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port),
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
