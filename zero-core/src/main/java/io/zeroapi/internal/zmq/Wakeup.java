package io.zeroapi.internal.zmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes a ZeroMQ I/O thread blocked in {@code Poller.poll} from any thread: a NIO pipe whose read
 * end is registered with the poller. Signals are coalesced: at most one byte is in the pipe until
 * the I/O thread {@link #clear() clears} it, so a burst of replies costs one write.
 */
final class Wakeup implements AutoCloseable {
  private final Pipe pipe;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ByteBuffer one = ByteBuffer.allocate(1);
  private final ByteBuffer drain = ByteBuffer.allocate(64);

  Wakeup() {
    try {
      pipe = Pipe.open();
      pipe.source().configureBlocking(false);
      pipe.sink().configureBlocking(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the wakeup pipe", e);
    }
  }

  /** The channel to register with the poller (POLLIN). */
  SelectableChannel channel() {
    return pipe.source();
  }

  /** Wakes the I/O thread unless a wakeup is already pending. Any thread. */
  void signal() {
    if (pending.compareAndSet(false, true)) {
      synchronized (one) {
        try {
          one.clear();
          pipe.sink().write(one);
        } catch (IOException e) {
          // closed: the I/O thread is gone or going; nothing to wake
        }
      }
    }
  }

  /** Consumes pending signals. I/O thread only; call before draining the work queues. */
  void clear() {
    pending.set(false);
    try {
      drain.clear();
      while (pipe.source().read(drain) > 0) {
        drain.clear();
      }
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() {
    try {
      pipe.sink().close();
    } catch (IOException ignored) {
      // best effort
    }
    try {
      pipe.source().close();
    } catch (IOException ignored) {
      // best effort
    }
  }
}
