package io.zeroapi.internal.zmq;

/** Socket settings that the ZeroMQ client and server share. */
final class ZmqSockets {
  private ZmqSockets() {}

  /** Queued messages per peer in each direction before ZeroMQ pushes back (receive) or drops (send). */
  static final int HIGH_WATER_MARK = 10_000;

  /**
   * Upper bound of one poll of an I/O thread: a safety net so that a missed wakeup could delay
   * queued work by this much at worst, never stall it. Costs a few idle wakeups per second.
   */
  static final int POLL_MILLIS = 100;
}
