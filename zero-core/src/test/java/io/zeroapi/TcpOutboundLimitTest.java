package io.zeroapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The outbound bound over raw TCP: each connection's buffer, and the one-in-flight pool's queue. */
class TcpOutboundLimitTest extends AbstractOutboundLimitTest {
  @Override
  protected Protocol protocol() {
    return Protocol.TCP;
  }

  @Test
  void aBlockingCallerThatWaitedForRoomIsSentOnceTheServerReadsAgain() throws Exception {
    try (LateReader server = new LateReader(); ZeroClient client = builder(server.port()).build()) {
      List<CompletableFuture<String>> taken = fillTheBuffer(client, "store");
      Blocking blocking = Blocking.start(client, "blocking");
      blocking.awaitBlocked();

      server.startReading();
      assertThat(blocking.result().get(20, TimeUnit.SECONDS)).isEqualTo("ok");
      assertThat(servedOrRefused(taken, "ok")).isPositive();
      assertThat(client.core().transport().outboundBytes()).isZero();
    }
  }

  @Test
  void theOneInFlightPoolsQueueIsBoundedToo() throws Exception {
    try (Sink sink = new Sink(); ZeroClient client = builder(sink.port()).multiplexed(false).build()) {
      // the connection takes one call at a time; the others wait in the pool's queue, which is bounded
      List<CompletableFuture<String>> taken = fillTheBuffer(client, "store");
      assertThat(taken.size()).isBetween((int) (LIMIT / REQUEST), (int) (LIMIT / ARGUMENT) + 2);
      assertThat(client.core().transport().outboundBytes()).isBetween(LIMIT, LIMIT + 2 * REQUEST + BOOKKEEPING);
    }
  }

  /**
   * A raw TCP server that accepts, reads nothing until {@link #startReading()}, then answers every
   * request with the string "ok".
   */
  static final class LateReader implements AutoCloseable {
    private final ServerSocket server;
    private final CountDownLatch reading = new CountDownLatch(1);

    LateReader() throws IOException {
      server = new ServerSocket();
      server.setReceiveBufferSize(4096);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofPlatform().daemon().name("late-reader").start(() -> {
        try (Socket s = server.accept()) {
          reading.await();
          DataInputStream in = new DataInputStream(s.getInputStream());
          DataOutputStream out = new DataOutputStream(s.getOutputStream());
          while (true) {
            int length = in.readInt();
            int id = in.readInt();
            in.skipNBytes(length - 4);
            out.writeInt(5 + 3);
            out.writeInt(id);
            out.write(new byte[] {0, (byte) 0xa2, 'o', 'k'});
            out.flush();
          }
        } catch (IOException | InterruptedException e) {
          // closed
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    void startReading() {
      reading.countDown();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
