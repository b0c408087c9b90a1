package io.zeroapi.internal.zmq;

import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * The deadlines of the calls a client I/O thread has in flight, as (call counter, deadline) pairs
 * of primitives. Entries stay until their deadline, also for calls answered long before (the owner
 * checks whether a call is still pending when its deadline comes up), so they must cost little: at
 * 100k calls/s and a 5 s timeout, a million of them are alive. As most calls of a client share one
 * timeout, deadlines mostly arrive in order: those go into a growable ring buffer of longs (no
 * object per call, nothing for the garbage collector to copy); the few that arrive earlier than the
 * newest one go into a small heap. Not thread-safe: owned by the I/O thread.
 */
final class Deadlines {
  private record Entry(long id, long deadlineNanos) {}

  private static final int INITIAL = 1024;
  private static final int SHRINK_ABOVE = 64 * 1024;

  private long[] ids = new long[INITIAL];
  private long[] deadlines = new long[INITIAL];
  private int head;
  private int size;
  private final PriorityQueue<Entry> early = new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos(), b.deadlineNanos()));

  /** Adds call {@code id}, due at {@code deadlineNanos} (a {@link System#nanoTime()} value). */
  void add(long id, long deadlineNanos) {
    if (size > 0 && deadlineNanos - deadlines[(head + size - 1) & (ids.length - 1)] < 0) {
      early.add(new Entry(id, deadlineNanos));
      return;
    }
    if (size == ids.length) {
      grow();
    }
    int tail = (head + size) & (ids.length - 1);
    ids[tail] = id;
    deadlines[tail] = deadlineNanos;
    size++;
  }

  /** Whether no deadline is left. */
  boolean isEmpty() {
    return size == 0 && early.isEmpty();
  }

  /** The earliest deadline; only when not {@link #isEmpty()}. */
  long nextDeadline() {
    if (size == 0) {
      return early.peek().deadlineNanos();
    }
    long next = deadlines[head];
    Entry first = early.peek();
    return first != null && first.deadlineNanos() - next < 0 ? first.deadlineNanos() : next;
  }

  /** Removes every entry due at {@code nowNanos} and passes its id to {@code due}, earliest first. */
  void pollDue(long nowNanos, LongConsumer due) {
    while (true) {
      Entry first = early.peek();
      boolean ringDue = size > 0 && deadlines[head] - nowNanos <= 0;
      boolean earlyDue = first != null && first.deadlineNanos() - nowNanos <= 0;
      if (earlyDue && (!ringDue || first.deadlineNanos() - deadlines[head] <= 0)) {
        early.poll();
        due.accept(first.id());
      } else if (ringDue) {
        long id = ids[head];
        head = (head + 1) & (ids.length - 1);
        size--;
        due.accept(id);
      } else {
        if (size == 0 && ids.length > SHRINK_ABOVE) { // a burst is over: give its memory back
          ids = new long[INITIAL];
          deadlines = new long[INITIAL];
          head = 0;
        }
        return;
      }
    }
  }

  private void grow() {
    int capacity = ids.length * 2;
    long[] newIds = new long[capacity];
    long[] newDeadlines = new long[capacity];
    for (int i = 0; i < size; i++) {
      int from = (head + i) & (ids.length - 1);
      newIds[i] = ids[from];
      newDeadlines[i] = deadlines[from];
    }
    ids = newIds;
    deadlines = newDeadlines;
    head = 0;
  }
}
