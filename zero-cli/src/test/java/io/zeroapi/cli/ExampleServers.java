package io.zeroapi.cli;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.examples.ExampleServer;
import java.time.Duration;

/** The example server for the command-line tests: on 127.0.0.1, a free port, a short grace period. */
final class ExampleServers {
  private ExampleServers() {}

  /** A started example server speaking {@code protocol}. */
  static ZeroServer start(Protocol protocol) {
    return start(protocol, 0);
  }

  /** A started example server speaking {@code protocol} on {@code port} (0: a free one). */
  static ZeroServer start(Protocol protocol, int port) {
    return ExampleServer.register(ZeroServer.builder().protocol(protocol)
        .host("127.0.0.1").port(port).shutdownGracePeriod(Duration.ofSeconds(1)).build()).start();
  }
}
