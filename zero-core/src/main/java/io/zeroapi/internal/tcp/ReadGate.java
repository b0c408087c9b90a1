package io.zeroapi.internal.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Why one server connection is not being read: a bit per reason. Reading resumes only once no
 * reason is left, so one reason never resumes what another paused. As the first handler of the
 * pipeline it also holds back read requests while paused: {@link
 * io.netty.handler.codec.ByteToMessageDecoder} asks for one more read whenever a read decoded
 * nothing and autoRead is off, which is exactly the partial-frame case. Event loop only.
 */
final class ReadGate extends ChannelOutboundHandlerAdapter {
  /** {@code maxInFlightPerConnection} calls are running. */
  static final int IN_FLIGHT = 1;
  /** The outbound buffer is above its high-water mark. */
  static final int UNWRITABLE = 2;
  /** The server's partial-frame bytes are over budget (see {@link PartialFrameBudget}). */
  static final int BUDGET = 4;

  private final Channel channel;
  private int reasons;

  ReadGate(Channel channel) {
    this.channel = channel;
  }

  void pause(int reason) {
    update(reasons | reason);
  }

  void resume(int reason) {
    update(reasons & ~reason);
  }

  /** Sets the reasons in {@code mask} to {@code bits} at once (no resume in between). */
  void set(int mask, int bits) {
    update((reasons & ~mask) | (bits & mask));
  }

  boolean paused(int reason) {
    return (reasons & reason) != 0;
  }

  private void update(int next) {
    reasons = next;
    boolean read = next == 0;
    ChannelConfig config = channel.config();
    if (config.isAutoRead() != read) {
      config.setAutoRead(read); // turning it on also starts a read
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (reasons == 0) {
      ctx.read();
    }
  }
}
