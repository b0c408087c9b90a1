package io.zeroapi.internal.tcp;

import io.zeroapi.ConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Many calls in flight on each connection, matched by request id; calls go round-robin. */
final class MultiplexedPool implements ConnectionPool {
  private final ConnectionSlot[] slots;
  private final AtomicInteger roundRobin = new AtomicInteger();

  MultiplexedPool(Connector connector, int connections) {
    slots = ConnectionSlot.pool(connector, connections);
  }

  @Override
  public void send(PendingCall call) {
    ConnectionSlot slot = slots[Math.floorMod(roundRobin.getAndIncrement(), slots.length)];
    ConnectionException failure = slot.dispatch(call);
    if (failure != null) {
      call.fail(failure);
    }
  }

  @Override
  public void finished(PendingCall call) {
    // nothing held: the connection forgets the call when its reply comes or its deadline passes
  }

  @Override
  public void timedOut(PendingCall call) {
    // never queued here
  }

  @Override
  public void close() {
    for (ConnectionSlot slot : slots) {
      slot.close();
    }
  }

  @Override
  public ConnectionSlot[] slots() {
    return slots;
  }
}
