package io.zeroapi.internal.tcp;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Plain client sockets for the TCP server tests, on 127.0.0.1: opened by a test, closed after it
 * ({@link #close()} from an {@code @AfterEach}). Also the pieces of a client that sends and never
 * reads its replies (D3).
 */
final class RawSockets implements AutoCloseable {
  private final List<Socket> open = new ArrayList<>();

  /** A connected socket with TCP_NODELAY and a read timeout. */
  Socket connect(int port, int readTimeoutMillis) throws IOException {
    Socket s = track(new Socket("127.0.0.1", port));
    s.setTcpNoDelay(true);
    s.setSoTimeout(readTimeoutMillis);
    return s;
  }

  /** A connected socket with a small (16 KiB) receive buffer: for a client that does not read. */
  Socket connectDeaf(int port, int readTimeoutMillis) throws IOException {
    Socket s = track(new Socket());
    s.setReceiveBufferSize(16 * 1024);
    s.connect(new InetSocketAddress("127.0.0.1", port));
    s.setSoTimeout(readTimeoutMillis);
    return s;
  }

  private Socket track(Socket s) {
    open.add(s);
    return s;
  }

  /** Writes {@code bytes} from a daemon thread: the write blocks once the server stops reading. */
  static Thread writeInBackground(Socket s, byte[] bytes) {
    return Thread.ofPlatform().daemon().start(() -> {
      try {
        s.getOutputStream().write(bytes);
      } catch (IOException e) {
        // the socket is closed at the end of the test
      }
    });
  }

  /** Waits (at most 5 s) until {@code counter} has passed {@code above} and then held still for 300 ms. */
  static void awaitSteadyAbove(IntSupplier counter, int above) {
    await()
        .atMost(Duration.ofSeconds(5))
        .pollDelay(Duration.ofMillis(100))
        .until(() -> {
          int seen = counter.getAsInt();
          Thread.sleep(300);
          return seen > above && counter.getAsInt() == seen;
        });
  }

  @Override
  public void close() throws IOException {
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }
}
