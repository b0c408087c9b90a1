package io.zeroapi.examples;

import io.zeroapi.ZeroServer;
import java.time.Duration;

/**
 * The example server as one replica among several (the README's "Health, draining and Kubernetes"):
 * an HTTP health probe for Kubernetes and a drain delay on SIGTERM.
 */
public final class ReplicaServer {
  private ReplicaServer() {}

  /** The example server on 5559 with its health probe on 8081, not yet started. */
  public static ZeroServer build() {
    // README:replica:start
    ZeroServer server = ZeroServer.builder().port(5559)
        .healthPort(8081)                       // GET /livez 200; GET /readyz 200, 503 while draining
        .drainDelay(Duration.ofSeconds(5))      // the default with a health port; 0 without
        .build();
    // README:replica:end
    return ExampleServer.register(server);
  }

  /** Runs it until SIGTERM, then drains and exits. */
  public static void main(String[] args) {
    build().run();
  }
}
