package io.zeroapi.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line about an event that can happen thousands of times a second (a connection refused at
 * the cap, a call refused because the server is busy): the events are counted, and at most one
 * line per period reports how many there were since the last one. Thread-safe.
 */
public final class ThrottledWarning {
  private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger log;
  private final String format;
  private final AtomicLong sinceLastLine = new AtomicLong();
  private final AtomicLong lastLine = new AtomicLong(System.nanoTime() - PERIOD_NANOS);

  /**
   * @param format an SLF4J format with two placeholders: the count since the last line, then the
   *     limit ({@link #count}); or the detail of one event, then the count ({@link #report})
   */
  public ThrottledWarning(Logger log, String format) {
    this.log = log;
    this.format = format;
  }

  /**
   * Counts one event; if the last line is at least a period old, logs {@code detail} (this event's:
   * which peer) and the count of events since the last line, this one included.
   */
  public void report(Object detail) {
    report(detail, null);
  }

  /** As {@link #report(Object)}, with this event's exception (its stack trace) on the line. */
  public void report(Object detail, Throwable failure) {
    sinceLastLine.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLine.get();
    if (now - last >= PERIOD_NANOS && lastLine.compareAndSet(last, now)) {
      if (failure == null) {
        log.warn(format, detail, sinceLastLine.getAndSet(0));
      } else {
        log.warn(format, detail, sinceLastLine.getAndSet(0), failure);
      }
    }
  }

  /** Counts one event; logs the count if the last line is at least a period old. */
  public void count(long limit) {
    sinceLastLine.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLine.get();
    if (now - last >= PERIOD_NANOS && lastLine.compareAndSet(last, now)) {
      log.warn(format, sinceLastLine.getAndSet(0), limit);
    }
  }
}
