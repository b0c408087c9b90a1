package io.zeroapi.internal.tcp;

import io.zeroapi.ZeroException;
import io.zeroapi.internal.OutboundLimit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call at a time per connection, like the Python client: a call takes a free connection or
 * waits in one FIFO queue; when a call completes (however), its connection goes to the next queued
 * call. Futures are never completed under the pool's lock. The queue holds at most {@code
 * maxOutboundBytes} of requests ({@link OutboundLimit}); beyond, a call fails at once, unsent.
 */
final class OneInFlightPool implements ConnectionPool {
  private final ConnectionSlot[] slots;
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final Object lock = new Object();
  private final ArrayDeque<PendingCall> queue = new ArrayDeque<>(); // guarded by lock
  private boolean closed; // guarded by lock
  private long queuedBytes; // of the calls in queue; guarded by lock
  private final OutboundLimit limit;

  OneInFlightPool(Connector connector, int connections, OutboundLimit limit) {
    slots = ConnectionSlot.pool(connector, connections);
    this.limit = limit;
  }

  /** Bytes of the requests waiting in the queue for a connection. */
  long queuedBytes() {
    synchronized (lock) {
      return queuedBytes;
    }
  }

  /** A queued call left the queue; lock held. */
  private void dequeued(PendingCall call) {
    queuedBytes -= WriteBatcher.wireSize(call);
  }

  @Override
  public void send(PendingCall call) {
    ConnectionSlot slot = null;
    boolean isClosed;
    ZeroException refused = null;
    synchronized (lock) {
      isClosed = closed;
      if (!isClosed) {
        int start = roundRobin.getAndIncrement();
        for (int i = 0; i < slots.length; i++) {
          ConnectionSlot candidate = slots[Math.floorMod(start + i, slots.length)];
          if (!candidate.busy) {
            slot = candidate;
            slot.busy = true;
            break;
          }
        }
        if (slot == null) {
          if (limit.refuses(queuedBytes)) {
            refused = limit.refusal(call.function(), queuedBytes, "in the queue for a connection to "
                + slots[0].address());
          } else {
            queue.add(call);
            queuedBytes += WriteBatcher.wireSize(call);
            return;
          }
        } else {
          call.slot = slot;
        }
      }
    }
    if (refused != null) {
      call.fail(refused);
      return;
    }
    if (isClosed) {
      call.fail(Connector.closedException());
      return;
    }
    ZeroException failure = slot.dispatch(call);
    if (failure != null) {
      call.fail(failure); // its completion hands the slot on
    }
  }

  @Override
  public void timedOut(PendingCall call) {
    long left;
    synchronized (lock) {
      if (!queue.remove(call)) {
        return;
      }
      dequeued(call);
      left = queuedBytes;
    }
    if (limit.waiting()) {
      limit.drained(left);
    }
  }

  @Override
  public void finished(PendingCall call) {
    ConnectionSlot slot = call.slot;
    if (slot != null && call.released.compareAndSet(false, true)) {
      handOn(slot);
    }
  }

  /** Gives a freed slot to the next queued call, or marks it free. */
  private void handOn(ConnectionSlot slot) {
    while (true) {
      PendingCall next;
      boolean isClosed;
      long left;
      synchronized (lock) {
        do {
          next = queue.poll();
          if (next != null) {
            dequeued(next);
          }
        } while (next != null && next.isDone());
        isClosed = closed;
        left = queuedBytes;
        if (next == null || isClosed) {
          slot.busy = false;
        } else {
          next.slot = slot;
        }
      }
      if (limit.waiting()) {
        limit.drained(left);
      }
      if (next == null) {
        return;
      }
      if (isClosed) {
        next.fail(Connector.closedException());
        return;
      }
      if (next.isDone()) { // timed out just now
        if (next.released.compareAndSet(false, true)) {
          continue;
        }
        return; // its completion hands the slot on
      }
      ZeroException failure = slot.dispatch(next);
      if (failure == null) {
        return; // its completion hands the slot on
      }
      boolean mine = next.released.compareAndSet(false, true);
      next.fail(failure);
      if (!mine) {
        return;
      }
    }
  }

  @Override
  public void close() {
    List<PendingCall> queued;
    synchronized (lock) {
      closed = true;
      queued = new ArrayList<>(queue);
      queue.clear();
      queuedBytes = 0;
    }
    for (PendingCall call : queued) {
      call.fail(Connector.closedException());
    }
    for (ConnectionSlot slot : slots) {
      slot.close();
    }
  }

  @Override
  public ConnectionSlot[] slots() {
    return slots;
  }
}
