package io.zeroapi;

/**
 * Which ZeroMQ implementation the ZeroMQ transport runs on ({@link ZeroServer.Builder#zmqEngine},
 * {@link ZeroClient.Builder#zmqEngine}). Both speak the same wire; they differ in speed and in what
 * they need.
 *
 * <p>{@link #AUTO} (the default) takes libzmq when it can be used and JeroMQ otherwise. For every
 * {@code AUTO} setting of the process, the system property {@code zero.zmq.engine} or else the
 * environment variable {@code ZERO_ZMQ_ENGINE} ({@code libzmq}, {@code jeromq} or {@code auto})
 * decides instead. The engine chosen is logged once, with the reason when libzmq could not be used.
 */
public enum ZeroMqEngine {
  /** libzmq if it can be used, else JeroMQ (unless {@code zero.zmq.engine} or {@code ZERO_ZMQ_ENGINE} says otherwise). */
  AUTO,
  /**
   * libzmq, the C library the Python original runs on, through the Foreign Function &amp; Memory
   * API: the fast engine. Needs JDK 22 or newer, the library ({@code apt-get install libzmq5} on
   * Debian and Ubuntu, {@code brew install zeromq} on macOS) and native access
   * ({@code --enable-native-access=io.zeroapi} on the module path, {@code ALL-UNNAMED} on the class
   * path). A server or client that asks for it where it cannot be used fails to start, saying why.
   */
  LIBZMQ,
  /** JeroMQ, pure Java: works everywhere, slower. */
  JEROMQ
}
