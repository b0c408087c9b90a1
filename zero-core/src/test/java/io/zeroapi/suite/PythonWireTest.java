package io.zeroapi.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeroapi.Protocol;
import io.zeroapi.ZeroServer;
import io.zeroapi.testing.WireCaptures;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A real {@link ZeroServer} with the functions of the Python interop server, fed the exact bytes a
 * Python client sent (shared/wire captures) on both transports: every reply must be the bytes the
 * Python server answered, except the one place the two servers differ on purpose — the remote text
 * of an exception names the Java class ({@code RuntimeException('boom')}, not {@code
 * RuntimeError('boom')}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonWireTest {
  public record Order(long id, double price, String name, Instant created_at, List<String> items) {}

  private static final String PYTHON_ERROR = WireCaptures.hex("RuntimeError('boom')".getBytes());
  private static final String JAVA_ERROR = WireCaptures.hex("RuntimeException('boom')".getBytes());

  private ZeroServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ZeroServer start(Protocol protocol) {
    server = ZeroServer.builder().host("127.0.0.1").port(0).protocol(protocol)
        .shutdownGracePeriod(Duration.ofSeconds(1)).build();
    server.register("echo", String.class, message -> message);
    server.register("hello_world", () -> "hello world");
    server.register("process_order", Order.class, order -> {
      List<String> items = new ArrayList<>(order.items());
      items.add("processed");
      return new Order(order.id() + 1, order.price() * 2, order.name().toUpperCase(),
          order.created_at().plus(1, ChronoUnit.DAYS), items);
    });
    server.register("fail", String.class, message -> {
      throw new RuntimeException(message);
    });
    return server.start();
  }

  /** The Python server's reply, with the Java class name where the exception text differs. */
  private static String expected(byte[] pythonReply, int lengthFieldOffset) {
    String hex = WireCaptures.hex(pythonReply);
    if (!hex.contains(PYTHON_ERROR)) {
      return hex;
    }
    // the str header (fixstr a0|len) and, on TCP, the frame length grow by the longer text
    int growth = JAVA_ERROR.length() / 2 - PYTHON_ERROR.length() / 2;
    String strHeaderPython = String.format("%02x", 0xa0 | (PYTHON_ERROR.length() / 2));
    String strHeaderJava = String.format("%02x", 0xa0 | (JAVA_ERROR.length() / 2));
    hex = hex.replace(strHeaderPython + PYTHON_ERROR, strHeaderJava + JAVA_ERROR);
    if (lengthFieldOffset >= 0) {
      byte[] bytes = WireCaptures.hex(hex);
      ByteBuffer.wrap(bytes).putInt(lengthFieldOffset, ByteBuffer.wrap(bytes).getInt(lengthFieldOffset) + growth);
      hex = WireCaptures.hex(bytes);
    }
    return hex;
  }

  @Test
  void tcpStreamOfThePythonClientGetsThePythonServersReplies() throws Exception {
    start(Protocol.TCP);
    byte[] requests = WireCaptures.frame("tcp_stream_client_to_server.hex");
    byte[] replies = WireCaptures.frame("tcp_stream_server_to_client.hex");
    Map<Integer, String> expectedById = new HashMap<>();
    for (byte[] frame : splitTcpFrames(replies)) {
      expectedById.put(ByteBuffer.wrap(frame).getInt(4), expected(frame, 0));
    }
    assertThat(expectedById).hasSize(5);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(requests); // five requests back to back, as the capture holds them
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Map<Integer, String> actualById = new HashMap<>();
      for (int i = 0; i < 5; i++) { // the Java server answers each as it finishes: any order
        int length = in.readInt();
        byte[] frame = new byte[4 + length];
        ByteBuffer.wrap(frame).putInt(length);
        in.readFully(frame, 4, length);
        actualById.put(ByteBuffer.wrap(frame).getInt(4), WireCaptures.hex(frame));
      }
      assertThat(actualById).isEqualTo(expectedById);
    }
  }

  @Test
  void zmqMessagesOfThePythonClientGetThePythonServersReplies() {
    start(Protocol.ZMQ);
    // the handshake file holds the request and its reply; the others one side each
    List<byte[]> handshake = WireCaptures.frames("zmq_connect_handshake.hex");
    List<byte[]> requests = new ArrayList<>(List.of(handshake.get(0)));
    List<byte[]> replies = new ArrayList<>(List.of(handshake.get(1)));
    for (String name : List.of("zmq_request.hex", "zmq_hello_world_request.hex", "zmq_struct_request.hex",
        "zmq_error_request.hex")) {
      requests.addAll(WireCaptures.frames(name));
    }
    for (String name : List.of("zmq_response.hex", "zmq_hello_world_response.hex", "zmq_struct_response.hex",
        "zmq_error_response.hex")) {
      replies.addAll(WireCaptures.frames(name));
    }
    assertThat(requests).hasSize(6).hasSameSizeAs(replies);
    Map<String, String> expectedById = new HashMap<>();
    for (byte[] reply : replies) {
      expectedById.put(WireCaptures.hex(Arrays.copyOf(reply, 16)), expected(reply, -1));
    }
    try (ZContext context = new ZContext()) {
      ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
      dealer.setLinger(0);
      dealer.setReceiveTimeOut(5_000);
      // JeroMQ 0.6.0 stalls about one fresh handshake in ten; a short handshake interval makes the
      // DEALER redial instead of waiting (the Zero client does the same, see ZmqClientTransport)
      dealer.setHandshakeIvl(1_000);
      dealer.connect("tcp://127.0.0.1:" + server.port());
      Map<String, String> actualById = new HashMap<>();
      for (byte[] request : requests) {
        assertThat(dealer.send(request)).isTrue();
        byte[] reply = dealer.recv();
        assertThat(reply).as("reply to %s", WireCaptures.hex(request)).isNotNull();
        actualById.put(WireCaptures.hex(Arrays.copyOf(reply, 16)), WireCaptures.hex(reply));
      }
      assertThat(actualById).isEqualTo(expectedById);
    }
  }

  private static List<byte[]> splitTcpFrames(byte[] stream) {
    List<byte[]> frames = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(stream);
    while (buffer.remaining() >= 4) {
      int length = buffer.getInt(buffer.position());
      byte[] frame = new byte[4 + length];
      buffer.get(frame);
      frames.add(frame);
    }
    return frames;
  }
}
