package io.zeroapi.internal.zmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
  /** Consecutive wakeups by a socket's channel after which {@link #sleep} parks instead of yielding. */
  private static final int YIELDS = 4;
  private static final long MAX_BACKOFF_NANOS = 200_000;

  private final Selector selector;
  private final AtomicBoolean sleeping = new AtomicBoolean();
  /** Consecutive wakeups by a socket's channel with no {@link #progress()} since. I/O thread only. */
  private int fruitless;

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

  /** The I/O thread moved a message since its last sleep (resets the spurious-wakeup back-off). */
  void progress() {
    fruitless = 0;
  }

  /**
   * Blocks until a watched socket may have news, a {@link #signal()}, or {@code millis} pass.
   *
   * <p>A JeroMQ notification channel can stay readable while the socket has nothing to process:
   * its writer (another JeroMQ thread) writes the signal byte and then counts it, and until it has
   * counted, the socket ignores the byte. On two cores the woken I/O thread can preempt the writer
   * in between, and would then spin on {@code select} and keep it from running. So after a wakeup
   * by a channel that brought no {@link #progress()}, this first yields, then parks briefly and
   * longer each time (at most 0.2 ms) before selecting again.
   */
  void sleep(long millis) {
    try {
      if (fruitless > 0) {
        if (fruitless <= YIELDS) {
          Thread.yield();
        } else {
          LockSupport.parkNanos(Math.min(MAX_BACKOFF_NANOS, (fruitless - YIELDS) * 10_000L));
        }
      }
      int ready = millis <= 0 ? selector.selectNow() : selector.select(millis);
      fruitless = ready > 0 ? fruitless + 1 : 0;
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
