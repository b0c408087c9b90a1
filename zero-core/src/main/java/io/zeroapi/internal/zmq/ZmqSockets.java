package io.zeroapi.internal.zmq;

/** Socket settings that the ZeroMQ client and server share. */
final class ZmqSockets {
  private ZmqSockets() {}

  /** Queued messages per peer in each direction before ZeroMQ pushes back (receive) or drops (send). */
  static final int HIGH_WATER_MARK = 10_000;

  /**
   * Pending connections the server's listening socket queues (ZMQ_BACKLOG), as the TCP transport's
   * SO_BACKLOG. The engines' default, 100, made 2,000 clients connecting at once wait for SYN
   * retransmits (1 s, then 3 s...): measured with ZmqConnectStormManual, see docs/performance.md.
   */
  static final int BACKLOG = 1024;

  /**
   * Upper bound of one poll of an I/O thread: a safety net so that a missed wakeup could delay
   * queued work by this much at worst, never stall it. Costs a few idle wakeups per second.
   */
  static final int POLL_MILLIS = 100;
}
