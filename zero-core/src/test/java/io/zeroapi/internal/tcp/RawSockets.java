package io.zeroapi.internal.tcp;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Plain client sockets for the TCP server tests, on 127.0.0.1: opened by a test, closed after it
 * ({@link #close()} from an {@code @AfterEach}). Also the pieces of a client that sends and never
 * reads its replies (D3), and a look at the server's end of a connection as the kernel sees it.
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

  /**
   * Waits (at most 5 s) until the server has stopped reading {@code client}'s connection: {@code
   * counter} has passed {@code above} and stood still between two looks 100 ms apart while the
   * server's end held unread bytes both times (a server that still reads drains them at once, so
   * this is not a writer that merely paused). Where /proc cannot be read, only the counter is
   * watched.
   */
  static void awaitNotReading(Socket client, int serverPort, IntSupplier counter, int above) {
    int[] last = {Integer.MIN_VALUE};
    boolean[] unreadBefore = {false};
    await("the server stops reading the connection")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          int seen = counter.getAsInt();
          ServerEnd end = serverEnd(client, serverPort);
          boolean unread = !KERNEL_VISIBLE || (end != null && end.unreadBytes() > 0);
          boolean still = seen == last[0] && unread && unreadBefore[0];
          last[0] = seen;
          unreadBefore[0] = unread;
          return seen > above && still;
        });
  }

  /** Whether this system lists its TCP sockets in /proc/net/tcp (Linux). */
  static final boolean KERNEL_VISIBLE = Files.isReadable(Path.of("/proc/net/tcp"));

  /**
   * A TCP socket as the Linux kernel lists it: its state, and the bytes it received that the
   * application has not read yet.
   */
  record ServerEnd(int state, int unreadBytes) {
    /** Whether the peer's FIN has arrived (CLOSE_WAIT, LAST_ACK or CLOSING). */
    boolean hasFin() {
      return state == 0x08 || state == 0x09 || state == 0x0B;
    }
  }

  /**
   * The server's end of {@code client}'s connection (local port {@code serverPort}, remote port the
   * client's) from /proc/net/tcp and tcp6; null when the kernel lists no such socket (gone after a
   * reset, or no /proc).
   */
  static ServerEnd serverEnd(Socket client, int serverPort) throws IOException {
    String local = String.format(":%04X", serverPort);
    String remote = String.format(":%04X", client.getLocalPort());
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        // sl local_address rem_address st tx_queue:rx_queue ...
        String[] f = line.strip().split("\\s+");
        boolean timeWait = f.length > 3 && f[3].equals("06"); // an earlier connection's leftover
        if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote) && !timeWait) {
          int unread = Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16);
          return new ServerEnd(Integer.parseInt(f[3], 16), unread);
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }
}
