package io.zeroapi.internal;

/** The listening side of a transport. Owns its I/O threads; never runs user code on them. */
public interface ServerTransport {

  /**
   * Binds and starts serving. Returns once the socket is bound.
   *
   * @throws io.zeroapi.ConnectionException if the address cannot be bound
   */
  void start();

  /** The bound port (the real one when 0 was asked for). Valid after {@link #start()}. */
  int port();

  /** Stops accepting new connections; established connections keep being served. */
  void stopAccepting();

  /** What serves, for logs and users: e.g. {@code ZeroMQ on libzmq 4.3.4 (FFM)}. Valid after {@link #start()}. */
  String description();

  /**
   * What this transport counts (bytes, connections) for {@link io.zeroapi.ServerStats}: the same
   * object from construction on; a transport that counts nothing returns counters that stay 0.
   */
  default TransportCounters counters() {
    return new TransportCounters();
  }

  /** Closes every connection and releases the I/O threads. Idempotent. */
  void close();
}
