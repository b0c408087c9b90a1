package io.zeroapi.internal.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches writes of many threads to one channel: frames go into a lock-free queue, and the first
 * writer since the last drain schedules one drain task on the channel's event loop, which writes
 * everything queued and flushes once. So a burst of N replies costs one flush (one syscall), not N.
 */
final class WriteBatcher {
  private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);

  private final Channel channel;
  private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;

  WriteBatcher(Channel channel) {
    this.channel = channel;
  }

  /** Queues a frame (ownership passes to the batcher). Any thread; never blocks. */
  void write(ByteBuf frame) {
    queue.add(frame);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        channel.eventLoop().execute(drain);
      } catch (RejectedExecutionException e) {
        // The event loop is shutting down: nothing will be written any more.
        drainScheduled.set(false);
        releaseAll();
      }
    }
  }

  private void drain() {
    // Reset first: a writer that sees the flag still set has queued its frame before this point.
    drainScheduled.set(false);
    if (!channel.isActive()) {
      int dropped = releaseAll();
      if (dropped > 0) {
        log.debug("Dropped {} frame(s) for closed connection {}", dropped, channel.remoteAddress());
      }
      return;
    }
    ByteBuf frame;
    boolean wrote = false;
    while ((frame = queue.poll()) != null) {
      channel.write(frame, channel.voidPromise());
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  private int releaseAll() {
    int n = 0;
    ByteBuf frame;
    while ((frame = queue.poll()) != null) {
      frame.release();
      n++;
    }
    return n;
  }
}
