package io.zeroapi.benchmarks.harness;

import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqContext;
import io.zeroapi.internal.zmq.ZmqEngine;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.lang.reflect.InvocationTargetException;

/**
 * The raw libzmq baseline: the system's libzmq through zero-core's own FFM bindings (the libzmq
 * engine, in the zero jar's {@code META-INF/versions/22}), without Zero on top: the ZeroMQ limit the
 * Zero ZeroMQ systems are compared with. Loaded by name, as zero-core does: on JDK 21 or without
 * libzmq5 the system is unavailable and {@link #UNAVAILABLE} says why.
 */
final class LibzmqRaw {
  /** The engine, or null. */
  static final ZmqEngine ENGINE;
  /** Why the engine cannot be used here, or null. */
  static final String UNAVAILABLE;

  static {
    ZmqEngine engine = null;
    String why = null;
    try {
      engine = (ZmqEngine) Class.forName("io.zeroapi.internal.zmq.libzmq.LibzmqEngine").getMethod("load").invoke(null);
    } catch (ClassNotFoundException e) {
      why = "the zero jar has no libzmq engine (it is built on, and runs on, JDK 22 or newer)";
    } catch (InvocationTargetException e) {
      why = e.getCause().getMessage();
    } catch (ReflectiveOperationException | LinkageError e) {
      why = e.toString();
    }
    ENGINE = engine;
    UNAVAILABLE = why;
  }

  private LibzmqRaw() {}

  /** The server: a ROUTER echo on one thread, which sleeps in the engine's waiter. Returns the port. */
  static int serve(Runnable perCall) {
    ZmqContext context = ENGINE.newContext(1);
    ZmqSocket router = context.router();
    router.setLinger(0);
    router.setHighWaterMarks(100_000);
    String endpoint = router.bind("tcp://127.0.0.1:*");
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    Thread thread = new Thread(() -> {
      IoWaiter waiter = context.newWaiter();
      waiter.register(router);
      try {
        while (true) {
          byte[] identity = router.receive(true);
          if (identity != null) {
            byte[] payload = router.receive(true); // the frames of a message arrive together
            perCall.run();
            router.send(identity, true);
            router.send(payload, false);
            waiter.progress();
            continue;
          }
          waiter.prepareToSleep();
          if ((router.events() & ZmqSocket.POLLIN) != 0) {
            waiter.awake();
          } else {
            waiter.sleep(1_000);
          }
        }
      } catch (RuntimeException e) {
        e.printStackTrace();
      }
    }, "libzmq-echo");
    thread.setDaemon(true);
    thread.start();
    return port;
  }
}
