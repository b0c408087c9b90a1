package io.zeroapi.internal.zmq;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The half of {@link IoWaiter}'s protocol that both engines share: the "may sleep" flag, set by
 * the I/O thread before its last check for work and cleared by the first {@link #signal()}, which
 * then wakes the thread ({@link #wake()}) at most once per sleep. A subclass says how to wake and
 * how to sleep; its {@link #sleep(long)} must clear the flag when it returns ({@link #awake()}).
 */
public abstract class SleepingWaiter implements IoWaiter {
  private final AtomicBoolean sleeping = new AtomicBoolean();

  /** Wakes the I/O thread, or its next sleep if it is not sleeping. Any thread. */
  protected abstract void wake();

  @Override
  public final void signal() {
    if (sleeping.get() && sleeping.compareAndSet(true, false)) {
      wake();
    }
  }

  @Override
  public final void wakeNow() {
    wake();
  }

  @Override
  public final void prepareToSleep() {
    sleeping.set(true);
  }

  @Override
  public final void awake() {
    sleeping.set(false);
  }
}
