package io.zeroapi.testing;

import io.zeroapi.Protocol;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A server that reads requests the way the Python original does (spec §2.2, §2.3), for checking
 * what a Java client sends to a Python server: on raw TCP it reads the envelope with {@code
 * .get("fn")} and {@code .get("data")}; on ZeroMQ its worker takes exactly one frame and drops any
 * other message without a reply. It answers {@code connect} with {@code "connected"} whatever the
 * argument, and {@code echo} with its argument. It records each request's payload.
 */
public final class OriginalLikeServer implements AutoCloseable {
  private final List<byte[]> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger dropped = new AtomicInteger();
  private final int port;
  private final AutoCloseable resource;
  private volatile boolean running = true;
  private final Thread thread;

  private OriginalLikeServer(Protocol protocol) throws IOException {
    if (protocol == Protocol.TCP) {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      port = listener.getLocalPort();
      resource = listener;
      thread = Thread.ofPlatform().daemon().name("original-like-tcp").start(() -> acceptLoop(listener));
    } else {
      ZContext context = new ZContext();
      ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
      port = router.bindToRandomPort("tcp://127.0.0.1");
      router.setReceiveTimeOut(50);
      resource = context;
      thread = Thread.ofPlatform().daemon().name("original-like-zmq").start(() -> zmqLoop(router));
    }
  }

  /** Starts one on a free loopback port. */
  public static OriginalLikeServer start(Protocol protocol) {
    try {
      return new OriginalLikeServer(protocol);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Its port. */
  public int port() {
    return port;
  }

  /** The payload of each request so far: the TCP envelope, or the ZeroMQ frame. */
  public List<byte[]> requests() {
    return requests;
  }

  /** ZeroMQ messages dropped because they were not one frame. */
  public int dropped() {
    return dropped.get();
  }

  private void acceptLoop(ServerSocket listener) {
    while (running) {
      try {
        Socket socket = listener.accept();
        Thread.ofPlatform().daemon().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      while (running) {
        int length = in.readInt();
        int id = in.readInt();
        in.readByte(); // the request flag, ignored
        byte[] payload = in.readNBytes(length - 5);
        requests.add(payload);
        Value request = unpack(payload);
        Value fn = request.asMapValue().map().get(org.msgpack.value.ValueFactory.newString("fn"));
        Value data = request.asMapValue().map().get(org.msgpack.value.ValueFactory.newString("data"));
        byte[] reply = "connect".equals(fn.asStringValue().asString()) ? pack("connected") : pack(data);
        out.writeInt(reply.length + 5);
        out.writeInt(id);
        out.writeByte(0);
        out.write(reply);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // connection closed
    }
  }

  private void zmqLoop(ZMQ.Socket router) {
    while (running) {
      ZMsg message = ZMsg.recvMsg(router);
      if (message == null) {
        continue;
      }
      byte[] identity = message.pop().getData();
      if (message.size() != 1) { // "invalid message received": the original's worker drops it
        dropped.incrementAndGet();
        continue;
      }
      byte[] frame = message.pop().getData();
      requests.add(frame);
      String name = new String(frame, 16, Math.min(80, frame.length - 16), StandardCharsets.UTF_8).strip();
      byte[] payload = name.equals("connect")
          ? pack("connected")
          : java.util.Arrays.copyOfRange(frame, Math.min(96, frame.length), frame.length);
      byte[] reply = new byte[16 + payload.length];
      System.arraycopy(frame, 0, reply, 0, 16);
      System.arraycopy(payload, 0, reply, 16, payload.length);
      router.sendMore(identity);
      router.send(reply);
    }
  }

  private static Value unpack(byte[] bytes) throws IOException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      return unpacker.unpackValue();
    }
  }

  private static byte[] pack(Object value) {
    try (var packer = MessagePack.newDefaultBufferPacker()) {
      if (value instanceof Value v) {
        packer.packValue(v);
      } else {
        packer.packString((String) value);
      }
      return packer.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    thread.join(2_000);
    resource.close();
  }
}
