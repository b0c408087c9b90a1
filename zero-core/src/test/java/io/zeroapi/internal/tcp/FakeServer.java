package io.zeroapi.internal.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny blocking TCP server for client tests: every accepted connection runs {@link Script} on its
 * own thread; every request frame read through {@link Conn#read()} is also recorded in {@link
 * #received}.
 */
final class FakeServer implements AutoCloseable {

  @FunctionalInterface
  interface Script {
    /** Serves one connection; {@code index} counts connections from 0. */
    void serve(int index, Conn conn) throws Exception;
  }

  /** One accepted connection. */
  final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Reads one request frame (recorded); null at end of stream. */
    byte[] read() throws IOException {
      byte[] frame = Wire.readFrame(in);
      if (frame != null) {
        received.add(frame);
      }
      return frame;
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Answers {@code request} with {@code payload} under the request's id. */
    void reply(byte[] request, int flag, byte[] payload) throws IOException {
      write(Wire.frame(Wire.id(request), flag, payload));
    }
  }

  final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
  final AtomicInteger connections = new AtomicInteger();
  private final ServerSocket serverSocket;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeServer(Script script) throws IOException {
    this(0, script);
  }

  FakeServer(int port, Script script) throws IOException {
    serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    acceptor =
        Thread.ofPlatform()
            .daemon()
            .name("fake-server-accept")
            .start(
                () -> {
                  while (!serverSocket.isClosed()) {
                    Socket s;
                    try {
                      s = serverSocket.accept();
                      s.setTcpNoDelay(true);
                    } catch (IOException e) {
                      return;
                    }
                    sockets.add(s);
                    int index = connections.getAndIncrement();
                    Thread.ofPlatform()
                        .daemon()
                        .name("fake-server-conn-" + index)
                        .start(
                            () -> {
                              try {
                                script.serve(index, new Conn(s));
                              } catch (Exception e) {
                                // the test's client went away, or the script closed: fine
                              }
                            });
                  }
                });
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /** Closes every accepted connection (the listener stays). */
  void dropConnections() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    dropConnections();
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The argument of a request frame (the tail of its envelope), as its MessagePack bytes. */
  static byte[] argument(byte[] requestFrame) {
    byte[] payload = Wire.payload(requestFrame);
    // 82 a2 'fn' <str fn> a4 'data' <arg>: find "a4 64 61 74 61" and take the rest
    for (int i = 0; i + 5 <= payload.length; i++) {
      if (payload[i] == (byte) 0xa4
          && payload[i + 1] == 'd'
          && payload[i + 2] == 'a'
          && payload[i + 3] == 't'
          && payload[i + 4] == 'a') {
        return java.util.Arrays.copyOfRange(payload, i + 5, payload.length);
      }
    }
    throw new IllegalArgumentException("not an envelope: " + Wire.hex(payload));
  }

  /** A script that answers every request with its argument (echo), in order. */
  static Script echo() {
    return (index, conn) -> {
      byte[] request;
      while ((request = conn.read()) != null) {
        conn.reply(request, 0, argument(request));
      }
    };
  }
}
