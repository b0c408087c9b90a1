package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.AsyncZeroClient;
import io.zeroapi.Protocol;
import io.zeroapi.ZeroClient;
import io.zeroapi.ZeroServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client leaves nothing behind, once per transport: 1,000 clients created, used for one call and
 * closed leave the JVM's threads and open file descriptors where they were before the first
 * (the TCP client's timer thread is shared by the open clients and stops with the last one).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AbstractClientLifecycleTest {
  private static final int CYCLES = 1_000;

  /** The transport under test. */
  protected abstract Protocol protocol();

  private ZeroServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void cycle() throws Exception {
    try (AsyncZeroClient client = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol()).buildAsync()) {
      assertThat(client.call("echo", "x", String.class).get(10, TimeUnit.SECONDS)).isEqualTo("x");
    }
  }

  @Test
  void createCallCloseCyclesLeaveThreadsAndDescriptorsWhereTheyStarted() throws Exception {
    server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol()).build();
    server.register("echo", String.class, s -> s);
    server.start();
    try (AsyncZeroClient warmup = ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol()).connections(4)
        .buildAsync()) { // the server's I/O threads start with its first connections: all of them now
      for (int i = 0; i < 8; i++) {
        assertThat(warmup.call("echo", "w", String.class).get(10, TimeUnit.SECONDS)).isEqualTo("w");
      }
    }
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
    cycle(); // loads the client's classes (the JVM keeps open the jars it loads classes from)
    int descriptorsBefore = openDescriptors();

    for (int i = 0; i < CYCLES; i++) {
      cycle();
    }

    List<Thread> left = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !threadsBefore.contains(t) && !(t instanceof ForkJoinWorkerThread)).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Thread thread : left) { // a stopped thread may still be on its way out
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    assertThat(left.stream().filter(Thread::isAlive).map(Thread::getName).toList()).isEmpty();
    // A descriptor per client would show as 1,000; a margin of 2 for what the rest of the test JVM
    // (earlier tests' sockets closing in the background) opens or closes meanwhile.
    assertThat(openDescriptors()).isBetween(descriptorsBefore - 2, descriptorsBefore + 2);
  }

  /**
   * Entries of /proc/self/fd (Linux) but the server's sockets (those whose local port is the
   * server's, in /proc/net/tcp*): the server closes its end of a closed client's connection when it
   * notices, a moment later, and it is not the client's descriptor.
   */
  private int openDescriptors() throws IOException {
    Set<String> serverSockets = new HashSet<>();
    String port = String.format(":%04X", server.port());
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (Files.exists(path)) {
        for (String line : Files.readAllLines(path)) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 9 && fields[1].endsWith(port)) {
            serverSockets.add("socket:[" + fields[9] + "]");
          }
        }
      }
    }
    List<String> targets = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
      for (Path entry : entries.toList()) {
        try {
          targets.add(Files.readSymbolicLink(entry).toString());
        } catch (IOException closedMeanwhile) {
          // the listing's own descriptor, or one closed since
        }
      }
    }
    return (int) targets.stream().filter(t -> !serverSockets.contains(t)).count();
  }
}
