package io.zeroapi.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into {@link Frame}s (both directions). The length is checked as soon as
 * its 4 bytes are in: a length above {@code maxFrameBytes} or below 5 is refused before anything is
 * allocated for the frame, logged once at WARN, and the connection is closed (after it nothing in
 * the stream can be trusted); frames decoded before it are still delivered. Optionally a frame that
 * has begun must be complete within {@code partialFrameDeadlineMillis} (slowloris guard); idle time
 * between frames is not limited, nor is time spent with reading paused by our own backpressure. On
 * the server the bytes of an unfinished frame count against the global {@link PartialFrameBudget}.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

  /** Makes the message one decoded frame becomes (a {@link Frame} unless told otherwise). */
  @FunctionalInterface
  interface MessageFactory {
    Object create(int requestId, int flag, byte[] payload);
  }

  /**
   * A ZMTP 3.x greeting starts with a 10-byte signature: 0xFF, 8 bytes of padding, 0x7F. The
   * padding is "not significant" in the spec; libzmq, JeroMQ and pyzmq send 1 as a 64-bit number
   * (a ZMTP/1.0 peer reads it as a length). As a Zero frame, 0xFF would start a length of at least
   * 4278190080, over any limit: other bytes starting 0xFF are refused at once as before.
   */
  private static final byte[] ZMTP_SIGNATURE = {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F};

  /** Whether the bytes received so far (one at least) are the start of a ZMTP signature. */
  private static boolean maybeZmtp(ByteBuf in) {
    int n = Math.min(in.readableBytes(), ZMTP_SIGNATURE.length);
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != ZMTP_SIGNATURE[i]) {
        return false;
      }
    }
    return true;
  }

  private final int maxFrameBytes;
  private final long partialFrameDeadlineMillis;
  private final MessageFactory factory;
  private final PartialFrameBudget.Account budget;
  private boolean failed;
  private boolean started; // a frame was decoded: the peer speaks our protocol
  private ScheduledFuture<?> deadline;

  /**
   * @param maxFrameBytes largest accepted value of the length field
   * @param partialFrameDeadlineMillis bound on the time from a frame's first byte to its last; 0 for
   *     none
   */
  FrameDecoder(int maxFrameBytes, long partialFrameDeadlineMillis) {
    this(maxFrameBytes, partialFrameDeadlineMillis, Frame::new);
  }

  /** As above; each frame becomes what {@code factory} makes of it (the server: its reply sink). */
  FrameDecoder(int maxFrameBytes, long partialFrameDeadlineMillis, MessageFactory factory) {
    this(maxFrameBytes, partialFrameDeadlineMillis, factory, null);
  }

  /**
   * As above; the bytes of an unfinished frame are also accounted to {@code budget} (the server's
   * global partial-frame budget; null for none), until the frame completes or the connection ends.
   */
  FrameDecoder(
      int maxFrameBytes,
      long partialFrameDeadlineMillis,
      MessageFactory factory,
      PartialFrameBudget.Account budget) {
    this.maxFrameBytes = maxFrameBytes;
    this.partialFrameDeadlineMillis = partialFrameDeadlineMillis;
    this.factory = factory;
    this.budget = budget;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    boolean progressed = false;
    if (!started && maybeZmtp(in)) {
      // A length of 0xFF...... is over any limit; it may be a ZeroMQ peer's greeting.
      if (in.readableBytes() < ZMTP_SIGNATURE.length) {
        updateDeadline(ctx, true, false);
        return; // wait for the 10 bytes of the signature
      }
      fail(ctx, in, "the peer speaks ZeroMQ (ZMTP greeting)", Foreign.ZERO_MQ);
      return;
    }
    while (in.readableBytes() >= Frame.LENGTH_FIELD) {
      long length = in.getUnsignedInt(in.readerIndex());
      if (length > maxFrameBytes || length < Frame.ID_AND_FLAG) {
        if (!out.isEmpty()) {
          return; // deliver the good frames before it first; decode() is called again at once
        }
        if (!started && (Tls.isTlsRecord(in, Tls.HANDSHAKE) || Tls.isTlsRecord(in, Tls.ALERT))) {
          fail(ctx, in, "the peer speaks TLS", Foreign.TLS);
          return;
        }
        String reason =
            length < Frame.ID_AND_FLAG
                ? "frame length " + length + " < 5"
                : "frame length " + length + " > max " + maxFrameBytes;
        fail(ctx, in, reason, Foreign.NONE);
        return;
      }
      if (in.readableBytes() < Frame.LENGTH_FIELD + length) {
        break;
      }
      in.skipBytes(Frame.LENGTH_FIELD);
      int requestId = in.readInt();
      int flag = in.readUnsignedByte();
      byte[] payload = new byte[(int) length - Frame.ID_AND_FLAG];
      in.readBytes(payload);
      out.add(factory.create(requestId, flag, payload));
      progressed = true;
      started = true;
    }
    updateDeadline(ctx, in.isReadable(), progressed);
    if (budget != null) {
      budget.update(in.readableBytes(), progressed);
    }
  }

  private void updateDeadline(ChannelHandlerContext ctx, boolean partial, boolean progressed) {
    if (partialFrameDeadlineMillis <= 0) {
      return;
    }
    if (deadline != null && (progressed || !partial)) {
      deadline.cancel(false);
      deadline = null;
    }
    if (partial && deadline == null) {
      deadline =
          ctx.executor()
              .schedule(
                  () -> {
                    deadline = null;
                    if (failed || !ctx.channel().isActive()) {
                      return;
                    }
                    if (!ctx.channel().config().isAutoRead()) {
                      // We stopped reading (backpressure), not the peer: give it another period.
                      updateDeadline(ctx, true, false);
                      return;
                    }
                    fail(ctx, null, "frame not completed within " + partialFrameDeadlineMillis + " ms", Foreign.NONE);
                  },
                  partialFrameDeadlineMillis,
                  TimeUnit.MILLISECONDS);
    }
  }

  /** Another protocol recognised in a peer's first bytes. */
  private enum Foreign { NONE, ZERO_MQ, TLS }

  /**
   * @param foreign the peer sent a ZMTP greeting or a TLS record: the handler after this one says
   *     so, throttled on a server (such a client redials), so nothing is logged here
   */
  private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason, Foreign foreign) {
    failed = true;
    if (in != null) {
      in.skipBytes(in.readableBytes());
    }
    if (budget != null) {
      budget.update(0, false);
    }
    if (foreign == Foreign.NONE) {
      log.warn("Closing connection with {}: {}", ctx.channel().remoteAddress(), reason);
    }
    ctx.fireUserEventTriggered(new BadFrameEvent(reason, foreign == Foreign.ZERO_MQ, foreign == Foreign.TLS));
    ctx.close();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    release();
    super.channelInactive(ctx);
  }

  private void release() {
    if (budget != null) {
      budget.close();
    }
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
