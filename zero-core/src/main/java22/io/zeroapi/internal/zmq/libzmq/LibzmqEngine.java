package io.zeroapi.internal.zmq.libzmq;

import io.zeroapi.internal.zmq.ZmqContext;
import io.zeroapi.internal.zmq.ZmqEngine;

/**
 * The libzmq engine: the system's libzmq (Debian package {@code libzmq5}, 4.3 or newer) through the
 * Foreign Function &amp; Memory API. This class is in the jar's {@code META-INF/versions/22} (JDK
 * 22+); the base classes never name it, they load it with {@link #load()} by reflection.
 */
public final class LibzmqEngine implements ZmqEngine {
  private final String version;

  private LibzmqEngine(String version) {
    this.version = version;
  }

  /**
   * The engine, if libzmq can be used here.
   *
   * @return the engine
   * @throws IllegalStateException if it cannot: its message says why and what to do (install
   *     libzmq5, enable native access)
   */
  public static ZmqEngine load() {
    String unavailable;
    try {
      unavailable = Libzmq.UNAVAILABLE;
    } catch (LinkageError e) { // the bindings could not even be set up
      throw new IllegalStateException("libzmq cannot be bound: " + e, e);
    }
    if (unavailable != null) {
      throw new IllegalStateException(unavailable);
    }
    int[] v = Libzmq.version();
    String version = v[0] + "." + v[1] + "." + v[2];
    if (v[0] < 4 || (v[0] == 4 && v[1] < 3)) {
      throw new IllegalStateException(
          "libzmq " + version + " is too old: 4.3 or newer is needed (the Debian package libzmq5)");
    }
    return new LibzmqEngine(version);
  }

  @Override
  public String description() {
    return "libzmq " + version + " (FFM)";
  }

  @Override
  public String name() {
    return "libzmq";
  }

  @Override
  public ZmqContext newContext(int ioThreads) {
    return new LibzmqContext(Math.max(1, ioThreads));
  }

  /**
   * The CURVE public key that belongs to {@code secretKey}, derived by libzmq. (Not in the engine
   * SPI yet: for checking a server's key pair at start, issue 15 §3.2.)
   *
   * @param secretKey a CURVE secret key, 32 bytes
   * @return its public key, 32 bytes
   */
  public byte[] curvePublicKey(byte[] secretKey) {
    if (!Libzmq.has("curve")) {
      throw new IllegalStateException("this libzmq was built without CURVE (libsodium)");
    }
    return Libzmq.curvePublic(secretKey);
  }

  @Override
  public String toString() {
    return description();
  }
}
