package io.zeroapi.internal.zmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.ZMQ;

/**
 * Where a ZeroMQ I/O thread sleeps, and how other threads wake it: a {@link Selector} of its own on
 * which the thread waits for the notification channels ({@code ZMQ_FD}, {@link ZMQ.Socket#getFD()})
 * of its JeroMQ sockets, and which other threads interrupt with {@link Selector#wakeup()}.
 *
 * <p>This replaces {@code ZMQ.Poller} and an inproc wakeup socket: that poller allocates and
 * re-registers on every call and needs two selects to block, and an inproc signal costs a pipe
 * write, a mailbox command and a selector round on both ends.
 *
 * <p>Protocol (a Dekker handshake on volatile state, so no wakeup is lost and a busy I/O thread is
 * never signalled): the I/O thread calls {@link #prepareToSleep()}, then checks once more that it
 * has nothing to do (its queues are empty and {@link ZMQ.Socket#getEvents()} shows nothing ready;
 * the notification channel is edge-triggered, so the socket must be asked before blocking), and then
 * either {@link #sleep(long) sleeps} or calls {@link #awake()}. A thread that queued work calls
 * {@link #signal()}, which wakes the selector only if the I/O thread announced it may sleep, at most
 * once per sleep.
 */
final class Wakeup implements AutoCloseable {
  private final Selector selector;
  private final AtomicBoolean sleeping = new AtomicBoolean();

  /** Opens the selector; the instance then belongs to the I/O thread (but {@link #signal()}). */
  Wakeup() {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a selector", e);
    }
  }

  /** Watches {@code socket}'s notification channel. I/O thread only. */
  SelectionKey register(ZMQ.Socket socket) {
    try {
      return socket.getFD().register(selector, SelectionKey.OP_READ);
    } catch (ClosedChannelException e) {
      throw new IllegalStateException("ZeroMQ socket closed", e);
    }
  }

  /** Wakes the I/O thread if it is (about to go) asleep. Any thread, after queuing its work. */
  void signal() {
    if (sleeping.get() && sleeping.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  /** Wakes the I/O thread unconditionally (also its next sleep, if it is not asleep): for close. */
  void wakeNow() {
    selector.wakeup(); // a no-op once the selector is closed
  }

  /** Announces that the I/O thread may sleep; it must then check for work before {@link #sleep}. */
  void prepareToSleep() {
    sleeping.set(true);
  }

  /** The I/O thread found work after {@link #prepareToSleep()}: it does not sleep. */
  void awake() {
    sleeping.set(false);
  }

  /** Blocks until a watched socket may have news, a {@link #signal()}, or {@code millis} pass. */
  void sleep(long millis) {
    try {
      if (millis <= 0) {
        selector.selectNow();
      } else {
        selector.select(millis);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      selector.selectedKeys().clear();
      sleeping.set(false);
    }
  }

  /** Closes the selector (not the sockets). I/O thread only; later signals do nothing. */
  @Override
  public void close() {
    sleeping.set(false);
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing to release beyond what close already did
    }
  }
}
