package io.zeroapi.internal.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.zeroapi.ConnectionException;
import io.zeroapi.OutboundBufferFullException;
import io.zeroapi.internal.OutboundLimit;
import io.zeroapi.TlsException;
import io.zeroapi.internal.Reply;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: assigns request ids, keeps the calls waiting for a reply by id, and
 * completes them from reply frames. A reply with an unknown id (the late reply of a timed-out call)
 * is dropped. When the connection goes away every call still waiting on it fails.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  /** What a connection lost before any reply adds: a ZeroMQ server closes or resets a raw TCP client. */
  private static final String ZERO_MQ_HINT = "(if the server speaks ZeroMQ: use --protocol zmq)";

  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  private final String address;
  private final OutboundLimit limit;
  /** Last id used; pre-incremented, so the first id is 1; wraps modulo 2^32 (int overflow). */
  private final AtomicInteger lastId = new AtomicInteger();
  private final Map<Integer, PendingCall> pending = new ConcurrentHashMap<>();
  private volatile Channel channel;
  private volatile WriteBatcher writer;
  private volatile String closeReason;
  /** Set when the server turned out to speak ZeroMQ: why calls fail, for the connection slot's back-off. */
  private volatile String wrongProtocol;
  /** Whether the connection failed for a TLS reason: its calls fail with a {@link TlsException}. */
  private volatile boolean tlsFailure;
  /** The name the server's certificate is checked against (TLS), for messages. */
  private final String serverName;
  /** Whether a reply came on this connection: the server speaks our protocol. */
  private volatile boolean replied;

  ClientConnection(String address, OutboundLimit limit, String serverName) {
    this.address = address;
    this.limit = limit;
    this.serverName = serverName;
  }

  /** Whether the connection was closed for a TLS reason (see {@link #wrongProtocol()}). */
  boolean tlsFailure() {
    return tlsFailure;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    writer = new WriteBatcher(channel, this::drained);
  }

  /** Bytes of requests waiting to be written on this connection. */
  long queuedBytes() {
    WriteBatcher w = writer;
    return w == null ? 0 : w.queuedBytes();
  }

  /** Event loop, after each drain of the write queue: blocking callers waiting for room try again. */
  private void drained() {
    if (limit.waiting()) {
      limit.drained(writer.queuedBytes());
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) { // Netty's buffer fell below the low mark (OutboundLimit#lowMark)
      limit.wake();
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** Why this connection was closed if the server speaks another protocol, else null. */
  String wrongProtocol() {
    return wrongProtocol;
  }

  boolean isActive() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  /** Test hook: the id the next request will carry. */
  void setNextRequestId(int id) {
    lastId.set(id - 1);
  }

  /** Number of calls waiting for a reply (for tests). */
  int pendingCount() {
    return pending.size();
  }

  /**
   * Sends a call on this connection. Any thread.
   *
   * @return null if the call was taken (it may have failed: lost connection), else why it is
   *     refused unsent (the outbound buffer is full; the caller fails it)
   */
  OutboundBufferFullException send(PendingCall call) {
    int size = WriteBatcher.wireSize(call);
    long queued = queuedBytes();
    if (limit.refuses(queued)) {
      return limit.refusal(call.function(), queued, "on the connection to " + address);
    }
    int id;
    do {
      id = lastId.incrementAndGet(); // skips ids still waiting for their reply
    } while (pending.putIfAbsent(id, call) != null);
    call.sentOn(this, id);
    if (call.isDone()) { // timed out meanwhile
      pending.remove(id, call);
      return null;
    }
    Channel ch = channel;
    if (!ch.isActive()) {
      pending.remove(id, call);
      call.fail(lostException());
      return null;
    }
    call.markWritten(); // a call failed before this line never left: a client over several servers may resend it
    writer.write(call, size); // the frame carries the id recorded by sentOn()
    return null;
  }

  /** Forgets a call that ended otherwise (timeout). */
  void forget(int id, PendingCall call) {
    pending.remove(id, call);
  }

  /** Fails every waiting call with {@code failure}'s message and closes the channel. */
  void close(String message) {
    closeReason = message;
    failAll(message, true);
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    replied = true;
    PendingCall call = pending.remove(frame.requestId());
    if (call == null) {
      log.debug(
          "Dropped reply with unknown request id {} from {} (late reply of a timed-out call?)",
          Integer.toUnsignedString(frame.requestId()),
          address);
      return;
    }
    call.complete(new Reply(frame.payload(), frame.flag() != 0));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof BadFrameEvent bad && bad.zeroMq()) {
      String reason = "server at " + address + " speaks ZeroMQ (ZMTP), not raw TCP: use --protocol zmq (Protocol.ZMQ)";
      wrongProtocol = "the " + reason; // inside the slot's "(last error: ...)"
      closeReason = "The " + reason;
      log.debug("{}", closeReason);
    } else if (evt instanceof BadFrameEvent bad && bad.tls()) {
      tlsFailure = true; // a TLS server's alert: it refused our plaintext
      closeReason = Tls.serverSpeaksTls(address);
      wrongProtocol = closeReason;
      log.debug("{}", closeReason);
    } else if (evt instanceof BadFrameEvent bad) {
      closeReason = "Connection to " + address + " lost: malformed reply (" + bad.reason() + ")";
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failAll(null, false);
    limit.wake(); // its buffer is gone: waiters try again (on a new connection)
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (closeReason == null && Tls.isTlsFailure(cause)) {
      // After the handshake: under TLS 1.3 a server refuses a client certificate once the client
      // thinks the handshake done. The slot backs off as for a server of another protocol.
      tlsFailure = true;
      closeReason = Tls.clientFailure(address, serverName, cause).getMessage();
      wrongProtocol = closeReason;
      log.debug("{}", closeReason);
      ctx.close();
      return;
    }
    if (closeReason == null) {
      // Before any reply, a reset may be a ZeroMQ server refusing our request's bytes (libzmq resets).
      closeReason = "Connection to " + address + " lost" + (replied ? "" : " before any reply") + ": "
          + Failures.describe(cause) + (replied ? "" : " " + ZERO_MQ_HINT);
    }
    if (cause instanceof IOException) {
      log.debug("Connection to {} failed: {}", address, cause.toString());
    } else {
      log.info("Connection to {} failed, closing it: {}", address, cause.toString());
    }
    ctx.close();
  }

  private void failAll(String message, boolean exact) {
    for (Map.Entry<Integer, PendingCall> e : pending.entrySet()) {
      if (pending.remove(e.getKey(), e.getValue())) {
        e.getValue().fail(exact ? new ConnectionException(message) : lostException());
      }
    }
  }

  private ConnectionException lostException() {
    String reason = closeReason;
    if (reason != null) {
      return tlsFailure ? new TlsException(reason) : new ConnectionException(reason);
    }
    // A ZeroMQ server sends its greeting first, which is recognised, unless the request's bytes
    // reach it first: JeroMQ then closes without a word. So the hint, when it cannot be known.
    return new ConnectionException(replied
        ? "Connection to " + address + " lost"
        : "Connection to " + address + " lost before any reply " + ZERO_MQ_HINT);
  }
}
