package io.zeroapi.cli;

import io.zeroapi.codec.MsgpackCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A server that speaks the original's ZeroMQ wire and answers every call with what {@code answer}
 * gives for its function name: how the command-line tests play a Python Zero server (no {@code
 * zero.contract}) or a server of a newer contract format, which a Zero for Java server cannot be.
 */
final class FakeZmqServer implements AutoCloseable {
  private static final int ID_BYTES = 16;
  private static final int NAME_BYTES = 80;

  private final ZContext context = new ZContext();
  private final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
  private final Thread loop;
  private final int port;
  private volatile boolean running = true; // not interrupt(): JeroMQ's selector would close on it

  /** Starts a server on 127.0.0.1 and a free port; {@code answer} maps a function name to its reply value. */
  FakeZmqServer(Function<String, Object> answer) {
    router.setReceiveTimeOut(100);
    port = router.bindToRandomPort("tcp://127.0.0.1");
    MsgpackCodec codec = MsgpackCodec.create();
    loop = Thread.ofPlatform().daemon().name("fake-zmq-server").start(() -> {
      while (running) {
        byte[] identity = router.recv();
        if (identity == null) {
          continue;
        }
        byte[] frame = router.recv();
        if (frame == null || frame.length < ID_BYTES + NAME_BYTES) {
          continue;
        }
        String name = new String(frame, ID_BYTES, NAME_BYTES, StandardCharsets.UTF_8).strip();
        byte[] payload = codec.encode(name.equals("connect") ? "connected" : answer.apply(name));
        byte[] reply = Arrays.copyOf(frame, ID_BYTES + payload.length);
        System.arraycopy(payload, 0, reply, ID_BYTES, payload.length);
        router.sendMore(identity);
        router.send(reply);
      }
    });
  }

  /** What the original answers for a function it does not know. */
  static Map<String, String> functionNotFound(String name) {
    return Map.of("__zerror__function_not_found", "Function `" + name + "` not found!");
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    loop.join(5_000);
    context.close();
  }
}
