package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.internal.Health;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server position of a measurement command: the {@code zero serve} process (a child JVM with the
 * same JVM flags and class path) that holds it now, replaced on {@link #start()}.
 */
final class ServerSlot {
  private final Protocol protocol;
  private final long drainDelayMillis;
  private final int index;
  private final String host;
  private final int port;
  private final int healthPort;
  private final Path logs;
  private int generation;
  private Process process;
  private Path log;

  ServerSlot(Protocol protocol, long drainDelayMillis, int index, String host, int port, int healthPort, Path logs) {
    this.protocol = protocol;
    this.drainDelayMillis = drainDelayMillis;
    this.index = index;
    this.host = host;
    this.port = port;
    this.healthPort = healthPort;
    this.logs = logs;
  }

  /** A slot on 127.0.0.1 with free ports and no drain delay: the one server of chaos and soak runs. */
  static ServerSlot onLoopback(Protocol protocol, Path logs) throws IOException {
    String host = "127.0.0.1";
    return new ServerSlot(protocol, 0, 0, host, freePort(host), freePort(host), logs);
  }

  /** A port free on {@code host} now (bind 0, read it, release it). */
  static int freePort(String host) throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }

  HostPort address() {
    return new HostPort(host, port);
  }

  /** Starts a fresh {@code zero serve} JVM in this position. */
  void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
        "--protocol", ProtocolConverter.name(protocol), "--host", host, "--port", Integer.toString(port),
        "--health-port", Integer.toString(healthPort), "--drain-delay", Long.toString(drainDelayMillis)));
    log = logs.resolve("server-" + index + "-" + generation++ + ".log");
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Polls {@value Health#FUNCTION_NAME} until it answers SERVING. */
  void awaitServing(Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    try (ZeroClient client = ZeroClient.builder(host, port).protocol(protocol)
        .maxReconnectBackoff(Duration.ofMillis(100)).build()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException("server " + address() + " exited with " + process.exitValue() + ": "
              + String.join("\n", Files.readAllLines(log)));
        }
        if (HealthCommand.answersServing(client)) {
          return;
        }
        Thread.sleep(50);
      }
    }
    throw new IOException("server " + address() + " not serving after " + limit.toSeconds() + " s; log " + log);
  }

  /** SIGTERM, then waits for the exit; returns the exit code. */
  int terminate(Duration limit) throws InterruptedException, IOException {
    process.destroy(); // SIGTERM on Unix: the server's shutdown hook drains and closes
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException("server " + address() + " did not exit within " + limit.toSeconds() + " s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL, then waits for the exit; returns the exit code. */
  int killNow(Duration limit) throws InterruptedException, IOException {
    process.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no goodbye to the clients
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException("server " + address() + " did not exit within " + limit.toSeconds() + " s of SIGKILL");
    }
    return process.exitValue();
  }

  /** The process id of the server now in this position. */
  long pid() {
    return process.pid();
  }

  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
