package io.zeroapi.testing;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import java.io.File;
import java.time.Duration;

/**
 * A TCP server for the accept-time descriptor exhaustion test (D6), run as its own JVM under a low
 * {@code ulimit -n}: prints {@code PORT <port> FDS <open descriptors>} once it listens, then serves
 * {@code echo} until its standard input closes.
 */
public final class FdLimitedServer {
  private FdLimitedServer() {}

  public static void main(String[] args) throws Exception {
    try (ZeroServer server = ZeroServer.builder().protocol(Protocol.TCP).host("127.0.0.1").port(0).ioThreads(1)
        .shutdownGracePeriod(Duration.ZERO).build()) {
      server.register("echo", String.class, s -> s);
      server.start();
      String[] fds = new File("/proc/self/fd").list();
      System.out.println("PORT " + server.port() + " FDS " + (fds == null ? -1 : fds.length));
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the test closes our standard input
      }
    }
  }
}
