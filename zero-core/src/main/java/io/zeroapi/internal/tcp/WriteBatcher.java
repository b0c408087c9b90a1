package io.zeroapi.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches writes of many threads to one channel: frames go into a lock-free queue, and the first
 * writer since the last drain schedules one drain task on the channel's event loop, which encodes
 * everything queued into as few pooled buffers as possible (one per {@value #BATCH_BYTES} bytes)
 * and flushes once. So a burst of N replies costs one flush (one syscall), not N, and the frames
 * are encoded on the event loop, whose buffer cache the allocator serves best.
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

  WriteBatcher(Channel channel) {
    this.channel = channel;
  }

  /** Queues a frame. Any thread; never blocks. */
  void write(OutboundFrame frame) {
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
    while ((frame = queue.poll()) != null) {
      byte[] prefix = frame.framePrefix();
      byte[] payload = frame.framePayload();
      int payloadLength = (prefix == null ? 0 : prefix.length) + payload.length;
      int size = Frame.LENGTH_FIELD + Frame.ID_AND_FLAG + payloadLength;
      if (batch != null && batch.readableBytes() + size > BATCH_BYTES) {
        channel.write(batch, channel.voidPromise());
        batch = null;
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
    }
    if (batch != null) {
      channel.write(batch, channel.voidPromise());
      channel.flush();
    }
  }

  private int dropAll() {
    int n = 0;
    while (queue.poll() != null) {
      n++;
    }
    return n;
  }
}
