package io.zeroapi.internal.zmq;

import io.zeroapi.ProtocolException;
import io.zeroapi.ValidationException;
import io.zeroapi.codec.Codec;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.IncomingCall;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ServerSettings;
import io.zeroapi.testing.TransportCalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Shared test helpers: wire captures, a small fake codec, a recording handler, raw JeroMQ peers. */
final class ZmqTestSupport {
  private ZmqTestSupport() {}

  /** The frames of a capture file under {@code /wire/}: one hex frame per line that is not a comment. */
  static List<byte[]> capture(String file) {
    try (InputStream in = ZmqTestSupport.class.getResourceAsStream("/wire/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no capture /wire/" + file);
      }
      List<byte[]> frames = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          frames.add(HexFormat.of().parseHex(line));
        }
      }
      return frames;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] tail(byte[] bytes, int from) {
    return Arrays.copyOfRange(bytes, from, bytes.length);
  }

  static ServerSettings serverSettings(int port, int maxFrameBytes, String curveSecretKey) {
    return ServerSettings.transport("127.0.0.1", port, maxFrameBytes, 128, 1, ServerSettings.DEFAULT_MAX_CONNECTIONS, curveSecretKey);
  }

  static ServerSettings serverSettings() {
    return serverSettings(0, 16 * 1024 * 1024, null);
  }

  static ClientSettings clientSettings(int port, String curveServerKey) {
    return new ClientSettings("127.0.0.1", port, 1, true, 16 * 1024 * 1024,
        Duration.ofSeconds(1), Duration.ofMillis(500), curveServerKey);
  }

  /** Why {@code call} failed, waiting at most {@code seconds}; an AssertionError if it succeeded. */
  static Throwable failure(java.util.concurrent.CompletableFuture<io.zeroapi.internal.Reply> call, long seconds)
      throws Exception {
    try {
      call.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  /** Encodes a string, a long or null as MessagePack. */
  static byte[] msgpack(Object value) {
    return TransportCalls.msgpack(value);
  }

  /** A codec for strings, longs, nil and string maps: enough for transport tests. */
  static final class FakeCodec implements Codec {
    static final FakeCodec INSTANCE = new FakeCodec();

    @Override
    public void checkSupported(Type type) {}

    @Override
    public byte[] encode(Object value) {
      try {
        return TransportCalls.msgpack(value);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("FakeCodec cannot encode " + value.getClass().getName());
      }
    }

    @Override
    public Object decode(byte[] data, int offset, int length, Type type) {
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(data, offset, length)) {
        Value value = unpacker.unpackValue();
        if (value.isNilValue()) {
          return null;
        }
        if (value.isStringValue()) {
          return value.asStringValue().asString();
        }
        if (value.isIntegerValue()) {
          return value.asIntegerValue().toLong();
        }
        return value.toJson();
      } catch (IOException e) {
        throw new ProtocolException("malformed: " + e.getMessage());
      }
    }
  }

  /** A request as the handler saw it. */
  record Seen(String function, byte[] argument) {}

  /** Records every request and answers through {@code responder} (on the calling thread unless it forks). */
  static final class RecordingHandler implements RequestHandler {
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    private final BiConsumer<Seen, IncomingCall> responder;

    RecordingHandler(BiConsumer<Seen, IncomingCall> responder) {
      this.responder = responder;
    }

    /** Answers every call with its own argument bytes (or nil when it had none). */
    static RecordingHandler echo() {
      return new RecordingHandler((request, sink) ->
          sink.reply(request.argument().length == 0 ? msgpack(null) : request.argument(), false));
    }

    @Override
    public void handle(IncomingCall call) {
      calls.incrementAndGet();
      Seen request = new Seen(call.function(), call.argument());
      seen.add(request);
      responder.accept(request, call);
    }
  }

  /** A raw DEALER connected to {@code port}, receive timeout {@code receiveTimeoutMillis}. */
  static ZMQ.Socket dealer(ZContext context, int port, int receiveTimeoutMillis) {
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setReceiveTimeOut(receiveTimeoutMillis);
    dealer.setHandshakeIvl(1_000); // recovers from a JeroMQ handshake stall on fresh contexts (see ZmqClientTransport)
    dealer.connect("tcp://127.0.0.1:" + port);
    return dealer;
  }

  /** A request frame: id | name padded to 80 | payload. */
  static byte[] request(byte[] id, String name, byte[] payload) {
    byte[] frame = new byte[96 + payload.length];
    System.arraycopy(id, 0, frame, 0, 16);
    Arrays.fill(frame, 16, 96, (byte) ' ');
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(nameBytes, 0, frame, 16, nameBytes.length);
    System.arraycopy(payload, 0, frame, 96, payload.length);
    return frame;
  }

  static byte[] id(int seed) {
    byte[] id = new byte[16];
    Arrays.fill(id, (byte) seed);
    return id;
  }
}
