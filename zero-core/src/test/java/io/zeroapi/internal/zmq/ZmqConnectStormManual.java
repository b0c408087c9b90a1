package io.zeroapi.internal.zmq;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Where the time goes when many clients connect at once (issue 15, §3.5): {@code n} raw sockets,
 * one virtual thread each, all released at once; each connects, does the ZMTP 3.0 NULL handshake by
 * hand (as a DEALER) and makes one {@code hello_world} call, or sends one raw TCP frame. Prints,
 * per phase, when the median and the last client got there (ms since the release). Peers: {@code
 * zmq} (our ZeroMQ server), {@code raw} (a bare JeroMQ ROUTER echo, same engine, no Zero), {@code
 * tcp} (our TCP server). Not a test; run by hand like {@link ZmqThroughputManual}:
 *
 * <pre>
 * java -cp zero-core/target/test-classes:zero-core/target/classes:$(cat /tmp/cp.txt) \
 *     io.zeroapi.internal.zmq.ZmqConnectStormManual [n=2000] [peers=zmq,raw,tcp] [backlog=0 (engine default)]
 * </pre>
 */
public final class ZmqConnectStormManual {
  private static final String[] PHASES = {"connected", "greeting", "ready", "reply"};

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    String peers = args.length > 1 ? args[1] : "zmq,raw,tcp";
    int backlog = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    System.out.printf(Locale.ROOT, "java %s, %d CPUs, %d clients at once, ZMQ backlog %s%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors(), n, backlog == 0 ? "default (100)" : backlog);
    for (String peer : peers.split(",")) {
      switch (peer) {
        case "zmq", "tcp" -> {
          Protocol protocol = peer.equals("zmq") ? Protocol.ZMQ : Protocol.TCP;
          try (ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol)
              .shutdownGracePeriod(Duration.ofSeconds(1)).build()) {
            server.register("hello_world", () -> "hello world");
            server.start();
            storm(peer, server.port(), n, protocol == Protocol.ZMQ);
          }
        }
        case "raw" -> raw(n, backlog);
        case "clients-zmq", "clients-tcp" -> clients(n, peer.endsWith("zmq") ? Protocol.ZMQ : Protocol.TCP);
        default -> throw new IllegalArgumentException(peer);
      }
    }
  }

  /**
   * {@code n} ZeroClients (each its own socket, context and I/O thread on ZeroMQ), each making one
   * call at once: the case of the issue. Prints when the median and the last call returned.
   */
  private static void clients(int n, Protocol protocol) throws Exception {
    try (ZeroServer server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol)
        .shutdownGracePeriod(Duration.ofSeconds(1)).build()) {
      server.register("hello_world", () -> "hello world");
      server.start();
      java.util.List<io.zeroapi.ZeroClient> clients = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        clients.add(io.zeroapi.ZeroClient.builder("127.0.0.1", server.port()).protocol(protocol)
            .timeout(Duration.ofSeconds(60)).build());
      }
      long[] at = new long[n];
      AtomicInteger failed = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(n);
      for (int i = 0; i < n; i++) {
        int client = i;
        Thread.ofVirtual().start(() -> {
          try {
            go.await();
            clients.get(client).call("hello_world", String.class);
            at[client] = System.nanoTime();
          } catch (Exception e) {
            failed.incrementAndGet();
          } finally {
            done.countDown();
          }
        });
      }
      Thread.sleep(500);
      long start = System.nanoTime();
      go.countDown();
      done.await();
      long[] ms = Arrays.stream(at).filter(t -> t != 0).map(t -> (t - start) / 1_000_000).sorted().toArray();
      System.out.printf(Locale.ROOT, "%s | %,d ZeroClients, one call each: p50 %,d ms, p90 %,d ms, last %,d ms | failed %d%n",
          protocol, n, ms[ms.length / 2], ms[(int) (ms.length * 0.9)], ms[ms.length - 1], failed.get());
      for (io.zeroapi.ZeroClient client : clients) {
        client.close();
      }
    }
  }

  private static void raw(int n, int backlog) throws Exception {
    try (ZContext context = new ZContext(1)) {
      ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
      if (backlog > 0) {
        router.setBacklog(backlog);
      }
      router.bind("tcp://127.0.0.1:*");
      String endpoint = router.getLastEndpoint();
      Thread echo = Thread.ofPlatform().daemon().start(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            byte[] identity = router.recv();
            byte[] frame = router.recv();
            router.sendMore(identity);
            router.send(Arrays.copyOf(frame, 16));
          }
        } catch (RuntimeException closed) {
          // context closed
        }
      });
      storm("raw", Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)), n, true);
      echo.interrupt();
    }
  }

  private static void storm(String peer, int port, int n, boolean zmtp) throws Exception {
    long[][] at = new long[PHASES.length][n];
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(n);
    AtomicInteger failed = new AtomicInteger();
    long[] start = new long[1];
    for (int i = 0; i < n; i++) {
      int client = i;
      Thread.ofVirtual().start(() -> {
        try (Socket socket = new Socket()) {
          go.await();
          socket.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
          socket.setSoTimeout(60_000);
          at[0][client] = System.nanoTime();
          if (zmtp) {
            zmtpCall(socket, at, client);
          } else {
            tcpCall(socket);
            at[1][client] = at[2][client] = System.nanoTime();
          }
          at[3][client] = System.nanoTime();
        } catch (Exception e) {
          failed.incrementAndGet();
        } finally {
          done.countDown();
        }
      });
    }
    Thread.sleep(500); // let every thread reach the latch
    start[0] = System.nanoTime();
    go.countDown();
    done.await();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-4s", peer));
    for (int p = 0; p < PHASES.length; p++) {
      if (!zmtp && (p == 1 || p == 2)) {
        continue;
      }
      long[] ms = Arrays.stream(at[p]).filter(t -> t != 0).map(t -> (t - start[0]) / 1_000_000).sorted().toArray();
      line.append(String.format(Locale.ROOT, " | %s: p50 %,d ms, p90 %,d ms, last %,d ms", PHASES[p],
          ms.length == 0 ? -1 : ms[ms.length / 2], ms.length == 0 ? -1 : ms[(int) (ms.length * 0.9)],
          ms.length == 0 ? -1 : ms[ms.length - 1]));
    }
    line.append(" | failed ").append(failed.get());
    System.out.println(line);
  }

  /** Handshake as a DEALER (NULL mechanism), then one hello_world request and its reply. */
  private static void zmtpCall(Socket socket, long[][] at, int client) throws IOException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    java.io.ByteArrayOutputStream greeting = new java.io.ByteArrayOutputStream();
    greeting.writeBytes(HexFormat.of().parseHex("ff00000000000000017f" + "0300"));
    greeting.writeBytes(Arrays.copyOf("NULL".getBytes(StandardCharsets.US_ASCII), 20));
    greeting.write(0);
    greeting.writeBytes(new byte[31]);
    out.write(greeting.toByteArray());
    if (in.readNBytes(64).length != 64) {
      throw new IOException("no greeting");
    }
    at[1][client] = System.nanoTime();
    byte[] ready = HexFormat.of().parseHex("05" + HexFormat.of().formatHex("READY".getBytes(StandardCharsets.US_ASCII))
        + "0b" + HexFormat.of().formatHex("Socket-Type".getBytes(StandardCharsets.US_ASCII))
        + "00000006" + HexFormat.of().formatHex("DEALER".getBytes(StandardCharsets.US_ASCII))
        + "08" + HexFormat.of().formatHex("Identity".getBytes(StandardCharsets.US_ASCII)) + "00000000");
    out.write(0x04);
    out.write(ready.length);
    out.write(ready);
    if (in.read() != 0x04) {
      throw new IOException("no READY");
    }
    in.readNBytes(in.read());
    at[2][client] = System.nanoTime();
    byte[] request = new byte[ZmqFrames.HEADER_BYTES + 1];
    byte[] name = "hello_world".getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(request, ZmqFrames.ID_BYTES, ZmqFrames.HEADER_BYTES, (byte) ' ');
    System.arraycopy(name, 0, request, ZmqFrames.ID_BYTES, name.length);
    request[ZmqFrames.HEADER_BYTES] = (byte) 0xc0; // nil
    out.write(0x00);
    out.write(request.length);
    out.write(request);
    int flags = in.read();
    int length = in.read();
    if (flags != 0x00 || in.readNBytes(length).length != length) {
      throw new IOException("no reply");
    }
  }

  /** One raw TCP frame: {"fn": "hello_world", "data": nil}, and its reply. */
  private static void tcpCall(Socket socket) throws IOException {
    byte[] envelope = HexFormat.of().parseHex("82a2666eab" + HexFormat.of().formatHex(
        "hello_world".getBytes(StandardCharsets.US_ASCII)) + "a464617461c0");
    java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
    out.writeInt(5 + envelope.length);
    out.writeInt(1);
    out.write(0);
    out.write(envelope);
    java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
    int length = in.readInt();
    in.readNBytes(length);
  }
}
