package io.zeroapi.internal.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.zeroapi.internal.RequestHandler;
import io.zeroapi.internal.ThrottledWarning;
import io.zeroapi.internal.TransportCounters;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server connection: hands each request frame, as a {@link TcpCall}, to the {@link
 * RequestHandler} and writes the reply frame (same id) when the call replies, from any thread. Reading pauses while {@code
 * maxInFlight} calls run or the channel is not writable (reasons kept in the connection's {@link
 * ReadGate}, with the partial-frame budget's). When the peer half-closes (FIN after its
 * last request), the calls still running are answered, then the connection is closed.
 */
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);


  private final RequestHandler handler;
  private final ThrottledWarning zeroMqPeers;
  private final ThrottledWarning tlsPeers;
  private final TcpEnvelope.Reader envelopes;
  private final int maxInFlight;
  private final ReadGate gate;
  private final TransportCounters counters;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Runnable updateAutoRead = this::updateAutoRead;
  private final Runnable closeIfIdle = this::closeIfIdle;
  private volatile boolean inputShutdown;
  private Channel channel;
  private WriteBatcher writer;

  /**
   * @param envelopes the server's envelope reader (shared by its connections)
   * @param gate the connection's read gate, which this handler pauses for its own reasons
   * @param zeroMqPeers where ZeroMQ peers are reported (the server's: see {@link #zeroMqPeers()})
   * @param tlsPeers where TLS clients of a plaintext server are reported (the server's)
   * @param counters the server's byte counters
   */
  ServerConnectionHandler(RequestHandler handler, TcpEnvelope.Reader envelopes, int maxInFlight, ReadGate gate,
      ThrottledWarning zeroMqPeers, ThrottledWarning tlsPeers, TransportCounters counters) {
    this.counters = counters;
    this.zeroMqPeers = zeroMqPeers;
    this.tlsPeers = tlsPeers;
    this.handler = handler;
    this.envelopes = envelopes;
    this.maxInFlight = maxInFlight > 0 ? maxInFlight : Integer.MAX_VALUE;
    this.gate = gate;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    writer = new WriteBatcher(channel);
  }

  /** Bytes of replies waiting to be written on this connection (test hook). */
  long queuedBytes() {
    WriteBatcher w = writer;
    return w == null ? 0 : w.queuedBytes();
  }

  /**
   * The {@link FrameDecoder.MessageFactory} of this connection: a request frame becomes its call
   * at once (one object per request instead of a frame and a call).
   */
  Object newRequest(int requestId, int flag, byte[] payload) {
    counters.received(Frame.LENGTH_FIELD + Frame.ID_AND_FLAG + payload.length);
    return new TcpCall(this, requestId, payload);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    TcpCall sink;
    if (msg instanceof TcpCall s) {
      sink = s;
    } else if (msg instanceof Frame frame) {
      sink = new TcpCall(this, frame.requestId(), frame.payload());
    } else {
      ctx.fireChannelRead(msg);
      return;
    }
    if (inFlight.incrementAndGet() >= maxInFlight) {
      gate.pause(ReadGate.IN_FLIGHT);
    }
    try {
      handler.handle(sink);
    } catch (RuntimeException e) {
      // The handler contract says it returns at once and calls the sink later; if it throws
      // instead, this connection cannot be answered correctly any more.
      log.warn("Request handler failed on connection {}; closing it", channel.remoteAddress(), e);
      ctx.close();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof BadFrameEvent bad && bad.zeroMq()) {
      zeroMqPeers.report(peer(ctx.channel()));
    } else if (evt instanceof BadFrameEvent bad && bad.tls()) {
      tlsPeers.report(peer(ctx.channel()));
    }
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShutdown = true;
      closeIfIdle();
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** Event loop only: after a half-close, closes once every reply has been written. */
  private void closeIfIdle() {
    if (inputShutdown && inFlight.get() == 0 && channel.isActive()) {
      // An empty write completes after every earlier write (queued replies are drained first).
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("Connection {} failed: {}", channel.remoteAddress(), cause.toString());
    } else {
      log.info("Connection {} failed, closing it: {}", channel.remoteAddress(), cause.toString());
    }
    ctx.close();
  }

  /** Event loop only. */
  private void updateAutoRead() {
    gate.set(
        ReadGate.IN_FLIGHT | ReadGate.UNWRITABLE,
        (inFlight.get() >= maxInFlight ? ReadGate.IN_FLIGHT : 0)
            | (channel.isWritable() ? 0 : ReadGate.UNWRITABLE));
  }

  /**
   * The report of ZeroMQ clients pointed at a TCP server: one line per 10 s at most for all its
   * connections, as such a client redials (ours backs off; pyzmq reconnects every 100 ms).
   */
  static ThrottledWarning zeroMqPeers() {
    return new ThrottledWarning(log, "Peer {} speaks ZeroMQ (ZMTP); this server speaks raw TCP: use --protocol tcp "
        + "on the client (connection closed; {} such connection(s) since the last line)");
  }

  /** {@code 127.0.0.1:54321}, not Netty's {@code /127.0.0.1:54321}. */
  static String peer(Channel channel) {
    return channel.remoteAddress() instanceof java.net.InetSocketAddress address
        ? (address.getAddress() instanceof java.net.Inet6Address
            ? "[" + address.getAddress().getHostAddress() + "]"
            : address.getAddress().getHostAddress()) + ":" + address.getPort()
        : String.valueOf(channel.remoteAddress());
  }

  /** The connection's event loop. */
  io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** The connection's envelope reader. */
  TcpEnvelope.Reader envelopes() {
    return envelopes;
  }

  /** Queues a call's reply frame, unless the connection is gone; then counts the call finished. Any thread. */
  void replied(TcpCall call) {
    try {
      if (channel.isActive()) {
        counters.sent(Frame.LENGTH_FIELD + Frame.ID_AND_FLAG + call.framePayload().length);
        writer.write(call);
      } else {
        log.debug("Reply to request {} dropped: connection {} closed",
            Integer.toUnsignedString(call.frameId()), channel.remoteAddress());
      }
    } finally {
      finished();
    }
  }

  private void finished() {
    int before = inFlight.getAndDecrement();
    if (before == 1 && inputShutdown) {
      execute(closeIfIdle);
      return;
    }
    if (before == maxInFlight && channel.isActive()) {
      if (channel.eventLoop().inEventLoop()) {
        updateAutoRead();
      } else {
        try {
          channel.eventLoop().execute(updateAutoRead);
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
          // shutting down
        }
      }
    }
  }

  private void execute(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (java.util.concurrent.RejectedExecutionException ignored) {
      // shutting down
    }
  }
}
