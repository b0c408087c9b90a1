package io.zeroapi.internal;

import io.zeroapi.CallTimeoutException;

/**
 * When a call must have ended: its timeout and the {@link System#nanoTime()} at which it runs out.
 * The one place that words a timeout, so that every transport and the blocking client say it the
 * same way. Immutable.
 */
public final class Deadline {
  private final long timeoutMillis;
  private final long nanos;

  private Deadline(long timeoutMillis, long nanos) {
    this.timeoutMillis = timeoutMillis;
    this.nanos = nanos;
  }

  /** A deadline {@code timeoutMillis} (at least 1) from now. */
  public static Deadline after(long timeoutMillis) {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeoutMillis);
    }
    return new Deadline(timeoutMillis, System.nanoTime() + timeoutMillis * 1_000_000);
  }

  /** The timeout this deadline was made from. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** The {@link System#nanoTime()} value at which the call times out. */
  public long nanos() {
    return nanos;
  }

  /** Milliseconds left, rounded up; 0 or less once passed. */
  public long remainingMillis() {
    long left = nanos - System.nanoTime();
    return left <= 0 ? left / 1_000_000 : (left + 999_999) / 1_000_000;
  }

  /** Whether the deadline has passed. */
  public boolean expired() {
    return nanos - System.nanoTime() <= 0;
  }

  /** The exception of a call to {@code function} that ran out of time. */
  public CallTimeoutException timedOut(String function) {
    return new CallTimeoutException("Call to `" + function + "` timed out after " + timeoutMillis + " ms");
  }
}
