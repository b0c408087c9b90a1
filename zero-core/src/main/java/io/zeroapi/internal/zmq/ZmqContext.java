package io.zeroapi.internal.zmq;

/**
 * A ZeroMQ context of one {@link ZmqEngine}: makes the sockets and the waiters of the I/O threads
 * that own them. Closing it closes what it made that is still open; it is closed by the thread that
 * made it, after its I/O thread has stopped.
 */
public interface ZmqContext extends AutoCloseable {
  /** A ROUTER socket (the server's). */
  ZmqSocket router();

  /** A DEALER socket (the client's). */
  ZmqSocket dealer();

  /** A REP socket (the server's ZAP handler, {@link ZapHandler}). */
  ZmqSocket rep();

  /** Where an I/O thread of this context sleeps until one of its sockets is ready or it is signalled. */
  IoWaiter newWaiter();

  @Override
  void close();
}
