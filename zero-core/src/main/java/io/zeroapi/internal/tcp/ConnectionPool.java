package io.zeroapi.internal.tcp;

/**
 * How a TCP client spreads calls over its connections: {@link MultiplexedPool} (any number of
 * calls in flight per connection) or {@link OneInFlightPool} (one at a time per connection, like
 * the Python client, for servers that answer a connection's requests one after another).
 */
interface ConnectionPool {

  /** Sends the call, or queues it; a call that cannot be sent is failed, never dropped. */
  void send(PendingCall call);

  /** The call completed, however (reply, failure, timeout, cancel): frees what it held. */
  void finished(PendingCall call);

  /** The call's deadline passed while it may still be queued here. */
  void timedOut(PendingCall call);

  /** Fails queued calls and closes every connection (their calls fail too). */
  void close();

  /** The pool's connection positions (for test hooks). */
  ConnectionSlot[] slots();
}
