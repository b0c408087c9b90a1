package io.zeroapi.internal.zmq;

import io.zeroapi.internal.BuildInfo;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

/** The pure-Java engine: JeroMQ. Works on every JDK and OS; slower than libzmq, see docs/performance.md. */
public final class JeromqEngine implements ZmqEngine {
  /** The one instance. */
  public static final JeromqEngine INSTANCE = new JeromqEngine();

  /** The name that selects it. */
  public static final String NAME = "jeromq";

  private JeromqEngine() {}

  @Override
  public String description() {
    return "JeroMQ " + BuildInfo.jeromqVersion(); // ZMQ.getVersionString() is the libzmq version it mimics
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ZmqContext newContext(int ioThreads) {
    ZContext context = new ZContext(Math.max(1, ioThreads));
    context.setLinger(0);
    return new ZmqContext() {
      @Override
      public ZmqSocket router() {
        return new JeromqSocket(context, context.createSocket(SocketType.ROUTER));
      }

      @Override
      public ZmqSocket dealer() {
        return new JeromqSocket(context, context.createSocket(SocketType.DEALER));
      }

      @Override
      public ZmqSocket rep() {
        return new JeromqSocket(context, context.createSocket(SocketType.REP));
      }

      @Override
      public IoWaiter newWaiter() {
        return new JeromqWaiter();
      }

      @Override
      public void close() {
        context.close();
      }
    };
  }
}
