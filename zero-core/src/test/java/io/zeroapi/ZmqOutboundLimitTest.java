package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The outbound bound over ZeroMQ: requests wait for the socket before the first handshake. */
class ZmqOutboundLimitTest extends AbstractOutboundLimitTest {
  @Override
  protected Protocol protocol() {
    return Protocol.ZMQ;
  }

  /**
   * Before any server listens, requests wait in the client; once one does, they go out, and a
   * blocking caller that waited for room is sent and served.
   */
  @Test
  void aBlockingCallerThatWaitedForRoomIsSentOnceTheServerComes() throws Exception {
    int port = freePort();
    try (ZeroClient client = builder(port).build()) {
      List<CompletableFuture<String>> taken = fillTheBuffer(client, "store");
      assertThat(client.core().transport().outboundBytes()).isBetween(LIMIT, LIMIT + REQUEST);
      Blocking blocking = Blocking.start(client, "blocking");
      blocking.awaitBlocked();

      try (ZeroServer server = ZeroServer.builder().protocol(Protocol.ZMQ).host("127.0.0.1").port(port).build()) {
        server.register("store", byte[].class, b -> "stored " + b.length);
        server.register("blocking", byte[].class, b -> "blocking " + b.length);
        server.start();
        assertThat(blocking.result().get(20, TimeUnit.SECONDS)).isEqualTo("blocking " + ARGUMENT);
        for (CompletableFuture<String> call : taken) {
          assertThat(call.get(20, TimeUnit.SECONDS)).isEqualTo("stored " + ARGUMENT);
        }
      }
      assertThat(client.core().transport().outboundBytes()).isZero();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }
}
