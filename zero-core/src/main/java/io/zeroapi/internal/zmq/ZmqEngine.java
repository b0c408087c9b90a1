package io.zeroapi.internal.zmq;

/**
 * A ZeroMQ implementation the transports run on: libzmq through the FFM API ({@code
 * io.zeroapi.internal.zmq.libzmq}, JDK 22+, in the jar's {@code META-INF/versions/22}), or JeroMQ
 * ({@link JeromqEngine}), pure Java. {@link ZmqEngines} chooses one.
 *
 * <p>The transports use only this interface and {@link ZmqContext}, {@link ZmqSocket} and {@link
 * IoWaiter}: one I/O thread owns each socket (sockets are not thread-safe in either engine), and
 * other threads reach it only through its waiter's {@link IoWaiter#signal()}.
 */
public interface ZmqEngine {
  /** For logs: the implementation and its version, e.g. {@code libzmq 4.3.4 (FFM)} or {@code JeroMQ 0.6.0}. */
  String description();

  /** The short name that selects this engine ({@code libzmq}, {@code jeromq}). */
  String name();

  /**
   * A new context (the engine's sockets and I/O threads).
   *
   * @param ioThreads the engine's own I/O threads, at least 1
   */
  ZmqContext newContext(int ioThreads);
}
