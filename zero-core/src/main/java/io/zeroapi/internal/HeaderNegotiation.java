package io.zeroapi.internal;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ConnectionException;
import io.zeroapi.ZeroException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link CallHeader}s only to a server that reads them. A Python Zero server drops a ZeroMQ
 * request that has a second frame (its worker wants exactly one), so before the first call with a
 * header, the client asks: it calls {@code connect} (a name every Zero server answers, the
 * original's own handshake) with the argument {@code {"headers": 1}}. A Java server answers {@code
 * {"connected": true, "headers": 1}}; the original answers {@code "connected"} whatever the
 * argument. The answer holds for the life of this transport (one endpoint): calls then go out with
 * their header, or without it, byte for byte as the original's client sends them. Calls without a
 * header never wait for the question.
 *
 * <p>Thread-safe. Wraps one endpoint's transport.
 */
public final class HeaderNegotiation implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(HeaderNegotiation.class);

  /** The probe's argument: {@code {"headers": 1}}. */
  static final byte[] PROBE = {(byte) 0x81, (byte) 0xa7, 'h', 'e', 'a', 'd', 'e', 'r', 's', CallHeader.VERSION};

  private final ClientTransport transport;
  private final String server;
  /** Bounds the bytes of calls held while the question is pending, as the transport bounds its buffer. */
  private final OutboundLimit limit;
  private final java.util.concurrent.atomic.AtomicLong heldBytes = new java.util.concurrent.atomic.AtomicLong();
  /** The answer: true, false, or a question in flight; null: not asked yet (or the last try failed). */
  private final AtomicReference<CompletableFuture<Boolean>> answer = new AtomicReference<>();
  /** The server's answer once it came (null until then). */
  private volatile Boolean known;

  /**
   * @param transport one endpoint's transport
   * @param server the endpoint, for the log line
   */
  public HeaderNegotiation(ClientTransport transport, String server) {
    this(transport, server, OutboundLimit.DEFAULT_MAX_OUTBOUND_BYTES);
  }

  /**
   * @param maxHeldBytes bytes of calls that may wait for the answer at once; beyond them a call
   *     fails at once, unsent, with {@link io.zeroapi.OutboundBufferFullException} (as the
   *     transport's outbound buffer does)
   */
  public HeaderNegotiation(ClientTransport transport, String server, long maxHeldBytes) {
    this.transport = transport;
    this.server = server;
    this.limit = new OutboundLimit(maxHeldBytes);
  }

  /** The transport this one wraps (for tests). */
  public ClientTransport transport() {
    return transport;
  }

  /** Whether the server said it reads headers: true, false, or null while unknown (for tests). */
  public Boolean readsHeaders() {
    return known;
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline) {
    return transport.call(function, argument, deadline);
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline, WriteMark mark) {
    return transport.call(function, argument, deadline, mark);
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, byte[] header, Deadline deadline,
      WriteMark mark) {
    if (header == null) {
      return transport.call(function, argument, null, deadline, mark);
    }
    Boolean reads = known; // set once the server has answered: one volatile read per call
    if (reads != null) {
      return transport.call(function, argument, reads ? header : null, deadline, mark);
    }
    long size = (argument == null ? 0 : argument.length) + header.length;
    long held = heldBytes.get();
    if (limit.refuses(held)) {
      return CompletableFuture.failedFuture(limit.refusal(function, held, "while the client asks " + server
          + " whether it reads call headers"));
    }
    heldBytes.addAndGet(size);
    CompletableFuture<Reply> result = new CompletableFuture<>();
    ask(deadline).whenComplete((answered, failure) -> {
      heldBytes.addAndGet(-size);
      if (failure == null) {
        forward(transport.call(function, argument, answered ? header : null, deadline, mark), result);
      } else if (unwrap(failure) instanceof CallTimeoutException && !deadline.expired()) {
        // The question timed out with an earlier call's deadline: this call still has time to ask.
        forward(call(function, argument, header, deadline, mark), result);
      } else {
        Throwable cause = unwrap(failure);
        result.completeExceptionally(cause instanceof CallTimeoutException ? deadline.timedOut(function) : cause);
      }
    });
    return result;
  }

  /** Completes {@code to} as {@code from} completes, failures unwrapped. */
  private static void forward(CompletableFuture<Reply> from, CompletableFuture<Reply> to) {
    from.whenComplete((reply, error) -> {
      if (error != null) {
        to.completeExceptionally(unwrap(error));
      } else {
        to.complete(reply);
      }
    });
  }

  /** The answer, asking the server first if nobody has (the question runs under {@code deadline}). */
  private CompletableFuture<Boolean> ask(Deadline deadline) {
    while (true) {
      CompletableFuture<Boolean> current = answer.get();
      if (current != null) {
        return current;
      }
      CompletableFuture<Boolean> asking = new CompletableFuture<>();
      if (!answer.compareAndSet(null, asking)) {
        continue;
      }
      CompletableFuture<Reply> sent;
      try {
        sent = transport.call("connect", PROBE, null, deadline, null);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((reply, failure) -> {
        if (failure != null) {
          answer.compareAndSet(asking, null); // ask again with the next call
          asking.completeExceptionally(unwrap(failure));
          return;
        }
        boolean reads = readsHeaders(reply);
        if (!reads) {
          log.info("The server at {} does not read call headers (a Python Zero server, or an older Zero for Java): "
              + "calls go to it without their deadline and metadata", server);
        }
        known = reads;
        asking.complete(reads);
      });
      return asking;
    }
  }

  /** Whether a reply to the probe says the server reads headers. */
  static boolean readsHeaders(Reply reply) {
    if (reply.errorFlag()) {
      return false;
    }
    byte[] payload = reply.payload();
    return headersVersion(payload, 0, payload.length) >= 1;
  }

  /** Whether a {@code connect} argument is the probe (any map with a positive {@code headers}). */
  public static boolean isProbe(byte[] data, int offset, int length) {
    return data != null && length > 0 && length <= 256 && headersVersion(data, offset, length) >= 1;
  }

  /** A Java server's answer to the probe: {@code {"connected": true, "headers": 1}}. */
  public static byte[] probeReply() {
    return new byte[] {(byte) 0x82, (byte) 0xa9, 'c', 'o', 'n', 'n', 'e', 'c', 't', 'e', 'd', (byte) 0xc3,
        (byte) 0xa7, 'h', 'e', 'a', 'd', 'e', 'r', 's', CallHeader.VERSION};
  }

  /** The integer under {@code "headers"} in the map of these bytes; 0 when there is none. */
  private static long headersVersion(byte[] data, int offset, int length) {
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(data, offset, length)) {
      if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.MAP) {
        return 0;
      }
      int entries = in.unpackMapHeader();
      for (int i = 0; i < entries && i < 16; i++) {
        if (in.getNextFormat().getValueType() == ValueType.STRING) {
          int n = in.unpackRawStringHeader();
          if (n < 0 || n > length) {
            return 0;
          }
          String key = new String(in.readPayload(n), java.nio.charset.StandardCharsets.UTF_8);
          if (key.equals("headers") && in.getNextFormat().getValueType() == ValueType.INTEGER) {
            return Math.max(0, in.unpackLong());
          }
        } else {
          in.skipValue();
        }
        in.skipValue();
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof ZeroException ? cause : new ConnectionException("Call failed: " + cause, cause);
  }

  /** Room comes when the question is answered, while it is pending; the transport's afterwards. */
  @Override
  public CompletableFuture<Void> outboundRoom() {
    CompletableFuture<Boolean> known = answer.get();
    if (known != null && !known.isDone()) {
      return known.handle((v, e) -> null);
    }
    return transport.outboundRoom();
  }

  @Override
  public long outboundBytes() {
    return heldBytes.get() + transport.outboundBytes();
  }

  @Override
  public void close() {
    transport.close();
  }
}
