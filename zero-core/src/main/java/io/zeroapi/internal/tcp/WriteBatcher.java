package io.zeroapi.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches writes of many threads to one channel: frames go into a lock-free queue, and the first
 * writer since the last drain schedules one drain task on the channel's event loop, which encodes
 * everything queued into as few pooled buffers as possible (one per {@value #BATCH_BYTES} bytes)
 * and flushes once. So a burst of N replies costs one flush (one syscall), not N, and the frames
 * are encoded on the event loop, whose buffer cache the allocator serves best.
 *
 * <p>It counts the bytes of the frames it holds, so that {@link #queuedBytes()} (with Netty's own
 * outbound buffer) tells how much waits to be written: the client bounds it ({@code
 * OutboundLimit}), tests read it on both sides.
 */
final class WriteBatcher {
  private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);

  /** A drain starts a new buffer once the current one holds this much. */
  static final int BATCH_BYTES = 64 * 1024;

  private final Channel channel;
  // Multi-producer single-consumer array queue: no node allocated per frame.
  private final Queue<OutboundFrame> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;
  /** Bytes of the frames in {@link #queue}, as they will be written. */
  private final AtomicLong queued = new AtomicLong();
  /** Runs on the event loop after each drain (null: nothing). */
  private final Runnable drained;

  WriteBatcher(Channel channel) {
    this(channel, null);
  }

  /** @param drained runs on the event loop after each drain, or null */
  WriteBatcher(Channel channel, Runnable drained) {
    this.channel = channel;
    this.drained = drained;
  }

  /** The bytes a frame takes on the wire. */
  static int wireSize(OutboundFrame frame) {
    byte[] prefix = frame.framePrefix();
    return Frame.LENGTH_FIELD + Frame.ID_AND_FLAG + (prefix == null ? 0 : prefix.length) + frame.framePayload().length;
  }

  /**
   * Bytes waiting to be written on this connection: the frames queued here and what Netty holds in
   * its outbound buffer (written but not yet taken by the socket). Any thread.
   */
  long queuedBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer(); // null once closed
    return queued.get() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
  }

  /** Queues a frame. Any thread; never blocks. */
  void write(OutboundFrame frame) {
    write(frame, wireSize(frame));
  }

  /** Queues a frame of {@code size} bytes ({@link #wireSize}). Any thread; never blocks. */
  void write(OutboundFrame frame, int size) {
    queued.addAndGet(size);
    queue.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(drain);
      } catch (RejectedExecutionException e) {
        // The event loop is shutting down: nothing will be written any more. The queued frames
        // hold no buffers, so they are left to the garbage collector: only the drain may poll
        // (single consumer), and several writers can get here at once.
        drainScheduled.set(false);
      }
    }
  }

  private void drain() {
    try {
      drainQueue();
    } finally {
      if (drained != null) {
        drained.run();
      }
    }
  }

  private void drainQueue() {
    // Reset first: a writer that sees the flag still set has queued its frame before this point.
    drainScheduled.set(false);
    if (!channel.isActive()) {
      int dropped = dropAll();
      if (dropped > 0) {
        log.debug("Dropped {} frame(s) for closed connection {}", dropped, channel.remoteAddress());
      }
      return;
    }
    ByteBuf batch = null;
    OutboundFrame frame;
    long taken = 0;
    while ((frame = queue.poll()) != null) {
      byte[] prefix = frame.framePrefix();
      byte[] payload = frame.framePayload();
      int payloadLength = (prefix == null ? 0 : prefix.length) + payload.length;
      int size = Frame.LENGTH_FIELD + Frame.ID_AND_FLAG + payloadLength;
      if (batch != null && batch.readableBytes() + size > BATCH_BYTES) {
        channel.write(batch, channel.voidPromise()); // counted by Netty from here
        batch = null;
        queued.addAndGet(-taken);
        taken = 0;
      }
      if (batch == null) {
        batch = channel.alloc().ioBuffer(Math.max(size, Math.min(BATCH_BYTES, 1024)));
      }
      batch.writeInt(Frame.ID_AND_FLAG + payloadLength);
      batch.writeInt(frame.frameId());
      batch.writeByte(frame.frameError() ? 1 : 0);
      if (prefix != null) {
        batch.writeBytes(prefix);
      }
      batch.writeBytes(payload);
      taken += size;
    }
    if (batch != null) {
      channel.write(batch, channel.voidPromise());
      queued.addAndGet(-taken);
      channel.flush();
    }
  }

  private int dropAll() {
    int n = 0;
    OutboundFrame frame;
    while ((frame = queue.poll()) != null) {
      queued.addAndGet(-wireSize(frame));
      n++;
    }
    return n;
  }
}
