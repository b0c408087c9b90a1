package io.zeroapi.internal.zmq;

/**
 * Where a ZeroMQ I/O thread sleeps, and how other threads wake it.
 *
 * <p>Protocol (a Dekker handshake on volatile state, so that no wakeup is lost and a busy I/O
 * thread is never signalled): the I/O thread calls {@link #prepareToSleep()}, then checks once more
 * that it has nothing to do (its queues are empty and {@link ZmqSocket#events()} shows nothing
 * ready: the notification is edge-triggered, so the socket must be asked before blocking), and then
 * either {@link #sleep(long) sleeps} or calls {@link #awake()}. A thread that queued work calls
 * {@link #signal()}, which wakes the I/O thread only if it announced it may sleep.
 */
public interface IoWaiter extends AutoCloseable {
  /** Watches {@code socket}: a sleep ends when it may have news. I/O thread only. */
  void register(ZmqSocket socket);

  /** Stops watching {@code socket}. I/O thread only. */
  void unregister(ZmqSocket socket);

  /** Wakes the I/O thread if it is (about to go) asleep. Any thread, after queuing its work. */
  void signal();

  /** Wakes the I/O thread unconditionally (also its next sleep): for close. Any thread. */
  void wakeNow();

  /** Announces that the I/O thread may sleep; it must then check for work before {@link #sleep}. */
  void prepareToSleep();

  /** The I/O thread found work after {@link #prepareToSleep()}: it does not sleep. */
  void awake();

  /** The I/O thread moved a message since its last sleep. */
  void progress();

  /** Blocks until a watched socket may have news, a {@link #signal()}, or {@code millis} pass. */
  void sleep(long millis);

  /** Releases the waiter (not the sockets). I/O thread only; later signals do nothing. */
  @Override
  void close();
}
