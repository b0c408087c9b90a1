package io.zeroapi.internal.tcp;

import io.zeroapi.ConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call at a time per connection, like the Python client: a call takes a free connection or
 * waits in one FIFO queue; when a call completes (however), its connection goes to the next queued
 * call. Futures are never completed under the pool's lock.
 */
final class OneInFlightPool implements ConnectionPool {
  private final ConnectionSlot[] slots;
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final Object lock = new Object();
  private final ArrayDeque<PendingCall> queue = new ArrayDeque<>(); // guarded by lock
  private boolean closed; // guarded by lock

  OneInFlightPool(Connector connector, int connections) {
    slots = ConnectionSlot.pool(connector, connections);
  }

  @Override
  public void send(PendingCall call) {
    ConnectionSlot slot = null;
    boolean isClosed;
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
          queue.add(call);
          return;
        }
        call.slot = slot;
      }
    }
    if (isClosed) {
      call.fail(Connector.closedException());
      return;
    }
    ConnectionException failure = slot.dispatch(call);
    if (failure != null) {
      call.fail(failure); // its completion hands the slot on
    }
  }

  @Override
  public void timedOut(PendingCall call) {
    synchronized (lock) {
      queue.remove(call);
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
      synchronized (lock) {
        do {
          next = queue.poll();
        } while (next != null && next.isDone());
        isClosed = closed;
        if (next == null || isClosed) {
          slot.busy = false;
        } else {
          next.slot = slot;
        }
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
      ConnectionException failure = slot.dispatch(next);
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
