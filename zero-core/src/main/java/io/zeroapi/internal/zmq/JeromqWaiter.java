package io.zeroapi.internal.zmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.ZMQ;

/**
 * The JeroMQ {@link IoWaiter}: a {@link Selector} of its own on which the I/O thread waits for the
 * notification channels ({@code ZMQ_FD}, {@link ZMQ.Socket#getFD()}) of its JeroMQ sockets, and
 * which other threads interrupt with {@link Selector#wakeup()}.
 *
 * <p>This replaces {@code ZMQ.Poller} and an inproc wakeup socket: that poller allocates and
 * re-registers on every call and needs two selects to block, and an inproc signal costs a pipe
 * write, a mailbox command and a selector round on both ends.
 *
 * <p>The protocol with the threads that signal is {@link IoWaiter}'s; a signal wakes the selector
 * at most once per sleep.
 */
final class JeromqWaiter extends SleepingWaiter {
  /** Consecutive wakeups by a socket's channel after which {@link #sleep} parks instead of yielding. */
  private static final int YIELDS = 4;
  private static final long MAX_BACKOFF_NANOS = 200_000;

  private final Selector selector;
  /** Consecutive wakeups by a socket's channel with no {@link #progress()} since. I/O thread only. */
  private int fruitless;

  private final Map<Object, SelectionKey> keys = new IdentityHashMap<>();

  /** Opens the selector; the instance then belongs to the I/O thread (but {@link #signal()}). */
  JeromqWaiter() {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a selector", e);
    }
  }

  @Override
  public void register(ZmqSocket socket) {
    watch(((JeromqSocket) socket).socket());
  }

  @Override
  public void unregister(ZmqSocket socket) {
    unwatch(((JeromqSocket) socket).socket());
  }

  /** Watches the notification channel of a JeroMQ socket (also one the transports do not see). */
  void watch(ZMQ.Socket socket) {
    try {
      keys.put(socket, socket.getFD().register(selector, SelectionKey.OP_READ));
    } catch (ClosedChannelException e) {
      throw new IllegalStateException("ZeroMQ socket closed", e);
    }
  }

  /** Stops watching a socket {@link #watch watched}. */
  void unwatch(ZMQ.Socket socket) {
    SelectionKey key = keys.remove(socket);
    if (key != null) {
      key.cancel();
    }
  }

  @Override
  protected void wake() {
    selector.wakeup(); // a no-op once the selector is closed
  }

  /** Also resets the spurious-wakeup back-off of {@link #sleep}. */
  @Override
  public void progress() {
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
  @Override
  public void sleep(long millis) {
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
      awake();
    }
  }

  @Override
  public void close() {
    awake();
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing to release beyond what close already did
    }
  }
}
