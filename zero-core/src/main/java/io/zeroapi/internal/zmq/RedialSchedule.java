package io.zeroapi.internal.zmq;

import java.util.concurrent.TimeUnit;

/**
 * When a client's handshake watch redials a server that keeps closing connections during the
 * handshake: after the socket's reconnection interval, doubling each time up to its maximum. Both
 * engines' watches use it ({@link ZmqSocket.Connection}); owned by the I/O thread.
 */
public final class RedialSchedule {
  private final long firstMillis;
  private final long maxMillis;
  private long backoffMillis;
  private long dueNanos; // 0: no redial pending

  /**
   * @param firstMillis the first back-off (ZMQ_RECONNECT_IVL)
   * @param maxMillis the largest back-off (ZMQ_RECONNECT_IVL_MAX)
   */
  public RedialSchedule(long firstMillis, long maxMillis) {
    this.firstMillis = Math.max(1, firstMillis);
    this.maxMillis = Math.max(this.firstMillis, maxMillis);
  }

  /** Plans the next redial, one back-off from now (the back-off doubles each time). */
  public void schedule() {
    backoffMillis = backoffMillis == 0 ? firstMillis : Math.min(backoffMillis * 2, maxMillis);
    dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
  }

  /** Whether a planned redial is due now (the I/O thread must not sleep then). */
  public boolean isDue() {
    return dueNanos != 0 && System.nanoTime() - dueNanos >= 0;
  }

  /** Whether a planned redial is due; if so, it is taken (the next one needs {@link #schedule()}). */
  public boolean takeIfDue() {
    if (!isDue()) {
      return false;
    }
    dueNanos = 0;
    return true;
  }

  /** The largest back-off, for logs. */
  public long maxMillis() {
    return maxMillis;
  }
}
