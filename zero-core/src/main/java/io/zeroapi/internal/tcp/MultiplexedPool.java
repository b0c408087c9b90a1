package io.zeroapi.internal.tcp;

import io.zeroapi.ZeroException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many calls in flight on each connection, matched by request id. A call goes to an idle connection
 * if there is one, else to the least loaded (up to {@value #FULL_SCAN} connections, it looks at
 * each from the one in turn; beyond, at the one in turn and a random one: power of two choices).
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
    ZeroException failure = slot.dispatch(call);
    if (failure != null) {
      call.fail(failure);
    }
  }

  private ConnectionSlot pick() {
    int n = slots.length;
    int start = Math.floorMod(roundRobin.getAndIncrement(), n);
    ConnectionSlot next = slots[start];
    if (n == 1) {
      return next;
    }
    if (n <= FULL_SCAN) {
      return slots[firstIdleOrLeastLoaded(start, n, i -> inFlight(slots[i]))];
    }
    ConnectionSlot other = slots[java.util.concurrent.ThreadLocalRandom.current().nextInt(n)];
    return lessLoaded(next, inFlight(next), other, inFlight(other));
  }

  /**
   * Looks at the connections from {@code start} on (wrapping) and returns the index of the first
   * without calls in flight, or else of the one with the fewest (the first of them).
   */
  static int firstIdleOrLeastLoaded(int start, int n, java.util.function.IntUnaryOperator callsInFlight) {
    int best = start;
    int bestCalls = Integer.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      int calls = callsInFlight.applyAsInt(i);
      if (calls == 0) {
        return i;
      }
      if (calls < bestCalls) {
        best = i;
        bestCalls = calls;
      }
    }
    return best;
  }

  /** Up to this many connections, a call looks at each of them; beyond, at two. */
  static final int FULL_SCAN = 16;

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
