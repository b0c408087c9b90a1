package io.zeroapi.internal;

import java.util.concurrent.TimeUnit;

/**
 * Whether one function's calls may start on the I/O thread that read them (see {@link
 * CallThreads}). A call that takes longer than {@link CallThreads#HOLD_LIMIT_NANOS} there may be
 * a computation, which holds the I/O thread and stalls its other connections. One such call proves
 * little (a cold first call, a garbage-collection pause), so two in a row move the function's calls
 * to the JDK's default scheduler for a while: one second the first time, twice as long each time
 * after, up to about an hour. A function that is slow only now and then comes back; one that is
 * always slow stalls its I/O thread twice per period, ever more rarely.
 *
 * <p>Thread-safe: read on every call without a lock; updated under one only after a long call.
 */
final class IoThreadPlacement {
  static final long FIRST_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final int MAX_DOUBLINGS = 12; // 2^12 s: about 68 minutes

  private volatile long offUntilNanos;
  private volatile boolean offPeriodSet;
  private volatile boolean lastWasLong;
  private int demotions; // guarded by this

  /** Whether a call starting at {@code nowNanos} should leave the I/O thread. */
  boolean offIoThread(long nowNanos) {
    return offPeriodSet && nowNanos - offUntilNanos < 0;
  }

  /**
   * Records how long a call took on an I/O thread; returns the period (nanoseconds) the function now
   * spends off the I/O threads, or 0 when it stays.
   */
  long record(long tookNanos, long nowNanos) {
    if (tookNanos <= CallThreads.HOLD_LIMIT_NANOS) {
      if (lastWasLong) {
        lastWasLong = false;
      }
      return 0;
    }
    synchronized (this) {
      if (!lastWasLong) {
        lastWasLong = true;
        return 0;
      }
      lastWasLong = false;
      long period = FIRST_PERIOD_NANOS << Math.min(demotions, MAX_DOUBLINGS);
      demotions++;
      offUntilNanos = nowNanos + period;
      offPeriodSet = true;
      return period;
    }
  }
}
