package io.zeroapi.internal.zmq.libzmq;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqEngine;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.lang.reflect.InvocationTargetException;

/**
 * Loads the libzmq engine the way the library does (by name: its classes are in the jar's
 * {@code META-INF/versions/22}, compiled with release 22, which these tests cannot name). Without
 * it (JDK 21, or no libzmq5) the tests are skipped with the reason, unless the environment sets
 * {@code ZERO_REQUIRE_LIBZMQ=1} (CI, which installs libzmq5): then they fail.
 */
final class LibzmqTesting {
  private static final String ENGINE = "io.zeroapi.internal.zmq.libzmq.LibzmqEngine";
  /** How long a test waits for something that should happen at once, before it fails. */
  static final long PATIENCE_MILLIS = 10_000;

  private LibzmqTesting() {}

  private static final Object[] LOADED = load();

  /** {engine, null} or {null, why not}. */
  private static Object[] load() {
    try {
      return new Object[] {Class.forName(ENGINE).getMethod("load").invoke(null), null};
    } catch (ClassNotFoundException e) {
      return new Object[] {null, "the libzmq engine is not on the class path (it is built on, and runs on, JDK 22 or newer; this is "
          + Runtime.version() + ")"};
    } catch (InvocationTargetException e) {
      return new Object[] {null, "libzmq engine unavailable: " + e.getCause().getMessage()};
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The engine, or the test is skipped (or failed, with ZERO_REQUIRE_LIBZMQ=1) saying why not. Call
   * it in {@code @BeforeEach}, so that each test is reported skipped with the reason.
   */
  static ZmqEngine engine() {
    String reason = (String) LOADED[1];
    if (reason != null) {
      if ("1".equals(System.getenv("ZERO_REQUIRE_LIBZMQ"))) {
        fail(reason + " (and ZERO_REQUIRE_LIBZMQ=1)");
      }
      assumeTrue(false, reason);
    }
    return (ZmqEngine) LOADED[0];
  }

  /**
   * The next frame of {@code socket}, waiting on {@code waiter} (which watches it) by the
   * {@link IoWaiter} protocol; null if none came within {@code millis}.
   */
  static byte[] receive(ZmqSocket socket, IoWaiter waiter, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (true) {
      byte[] frame = socket.receive(true);
      if (frame != null) {
        waiter.progress();
        return frame;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      waiter.prepareToSleep();
      if ((socket.events() & ZmqSocket.POLLIN) != 0) {
        waiter.awake();
      } else {
        waiter.sleep(left);
      }
    }
  }

  /** As {@link #receive(ZmqSocket, IoWaiter, long)}, failing if nothing comes. */
  static byte[] receive(ZmqSocket socket, IoWaiter waiter) {
    byte[] frame = receive(socket, waiter, PATIENCE_MILLIS);
    if (frame == null) {
      fail("nothing received in " + PATIENCE_MILLIS + " ms");
    }
    return frame;
  }
}
