package io.zeroapi.internal.tcp;

import io.zeroapi.ConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many calls in flight on each connection, matched by request id. A call goes to the connection with
 * fewer calls in flight of two: the next in turn and another one at random (power of two choices).
 * Plain round robin piles calls onto some connections while others idle whenever replies come back
 * out of order, which with one call per connection (N connections, N calls) doubles up calls and
 * adds their wait to the latency.
 */
final class MultiplexedPool implements ConnectionPool {
  private final ConnectionSlot[] slots;
  private final AtomicInteger roundRobin = new AtomicInteger();

  MultiplexedPool(Connector connector, int connections) {
    slots = ConnectionSlot.pool(connector, connections);
  }

  @Override
  public void send(PendingCall call) {
    ConnectionSlot slot = pick();
    ConnectionException failure = slot.dispatch(call);
    if (failure != null) {
      call.fail(failure);
    }
  }

  private ConnectionSlot pick() {
    int n = slots.length;
    ConnectionSlot next = slots[Math.floorMod(roundRobin.getAndIncrement(), n)];
    if (n == 1) {
      return next;
    }
    ConnectionSlot other = slots[java.util.concurrent.ThreadLocalRandom.current().nextInt(n)];
    return lessLoaded(next, inFlight(next), other, inFlight(other));
  }

  /** The slot with fewer calls in flight; the one in turn on a tie (so that idle connections take turns). */
  static ConnectionSlot lessLoaded(ConnectionSlot inTurn, int inTurnCalls, ConnectionSlot other, int otherCalls) {
    return otherCalls < inTurnCalls ? other : inTurn;
  }

  /** Calls waiting for a reply on the slot's connection; 0 before it connects (it connects on its first call). */
  private static int inFlight(ConnectionSlot slot) {
    ClientConnection c = slot.current;
    return c == null ? 0 : c.pendingCount();
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
