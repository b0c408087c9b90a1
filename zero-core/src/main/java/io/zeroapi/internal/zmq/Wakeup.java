package io.zeroapi.internal.zmq;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Wakes a ZeroMQ I/O thread blocked in {@code Poller.poll} from any thread: an inproc PAIR pair
 * whose receiving end the I/O thread polls. The sending end is shared behind a lock (a JeroMQ
 * socket may move between threads across a memory barrier). Signals are coalesced: at most one is
 * in flight until the I/O thread {@link #clear() clears} it, so a burst of replies costs one send.
 * Keeping every polled item a ZeroMQ socket uses the poller's best-trodden path.
 */
final class Wakeup {
  private static final AtomicLong ids = new AtomicLong();
  private static final byte[] SIGNAL = {1};

  private final AtomicBoolean pending = new AtomicBoolean();
  private final ZMQ.Socket sender;
  private final ZMQ.Socket receiver;
  private boolean closed;

  /** Creates both ends in {@code context}; the receiver then belongs to the I/O thread. */
  Wakeup(ZContext context) {
    String endpoint = "inproc://zero-wakeup-" + ids.incrementAndGet() + "-" + System.identityHashCode(this);
    receiver = context.createSocket(SocketType.PAIR);
    receiver.setLinger(0);
    receiver.bind(endpoint);
    sender = context.createSocket(SocketType.PAIR);
    sender.setLinger(0);
    sender.setSndHWM(0);
    sender.connect(endpoint);
  }

  /** The socket to register with the poller (POLLIN). I/O thread only. */
  ZMQ.Socket socket() {
    return receiver;
  }

  /** Wakes the I/O thread unless a wakeup is already pending. Any thread; never blocks long. */
  void signal() {
    if (pending.compareAndSet(false, true)) {
      synchronized (sender) {
        if (!closed) {
          try {
            sender.send(SIGNAL, ZMQ.DONTWAIT);
          } catch (RuntimeException e) {
            // closing: the I/O thread is gone or going; nothing to wake
          }
        }
      }
    }
  }

  /** Consumes pending signals. I/O thread only; call before draining the work queues. */
  void clear() {
    pending.set(false);
    while (receiver.recv(ZMQ.DONTWAIT) != null) {
      // drain
    }
  }

  /** Stops signalling; the owner then closes the context. I/O thread only. */
  void close() {
    synchronized (sender) {
      closed = true;
    }
  }
}
