package io.zeroapi.internal.zmq.libzmq;

import static io.zeroapi.internal.zmq.libzmq.Libzmq.rethrow;

import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqContext;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A libzmq context ({@code zmq_ctx_new}) with its own I/O threads. {@code ZMQ_BLOCKY} is off, so
 * its sockets linger 0 ms unless set otherwise and {@link #close()} does not wait for unsent
 * messages; close closes the sockets and waiters still open, then terminates the context.
 */
final class LibzmqContext implements ZmqContext {
  private final MemorySegment context;
  /** What this context made and is still open; guarded by itself. */
  private final Set<AutoCloseable> open = new LinkedHashSet<>();
  private boolean closed;

  LibzmqContext(int ioThreads) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(Libzmq.CAPTURE);
      MemorySegment made = (MemorySegment) Libzmq.ZMQ_CTX_NEW.invokeExact(capture);
      if (made.equals(MemorySegment.NULL)) {
        throw LibzmqException.of("Cannot create a ZeroMQ context", Libzmq.errno(capture));
      }
      context = made;
      set(capture, Libzmq.ZMQ_IO_THREADS, ioThreads);
      set(capture, Libzmq.ZMQ_BLOCKY, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private void set(MemorySegment capture, int option, int value) throws Throwable {
    if ((int) Libzmq.ZMQ_CTX_SET.invokeExact(capture, context, option, value) != 0) {
      throw LibzmqException.of("zmq_ctx_set(" + option + ")", Libzmq.errno(capture));
    }
  }

  @Override
  public ZmqSocket router() {
    return socket(Libzmq.ZMQ_ROUTER);
  }

  @Override
  public ZmqSocket dealer() {
    return socket(Libzmq.ZMQ_DEALER);
  }

  @Override
  public ZmqSocket rep() {
    return socket(Libzmq.ZMQ_REP);
  }

  /** A PAIR socket: the reading end of a socket monitor. */
  LibzmqSocket pair() {
    return (LibzmqSocket) socket(Libzmq.ZMQ_PAIR);
  }

  private ZmqSocket socket(int type) {
    synchronized (open) {
      if (closed) {
        throw new IllegalStateException("ZeroMQ context closed");
      }
      LibzmqSocket socket = new LibzmqSocket(this, context, type);
      open.add(socket);
      return socket;
    }
  }

  @Override
  public IoWaiter newWaiter() {
    synchronized (open) {
      if (closed) {
        throw new IllegalStateException("ZeroMQ context closed");
      }
      LibzmqWaiter waiter = new LibzmqWaiter(this);
      open.add(waiter);
      return waiter;
    }
  }

  /** {@code closed} was closed by its user. */
  void forget(AutoCloseable closed) {
    synchronized (open) {
      open.remove(closed);
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> left;
    synchronized (open) {
      if (closed) {
        return;
      }
      closed = true;
      left = new ArrayList<>(open);
    }
    for (AutoCloseable each : left) {
      try {
        each.close();
      } catch (Exception ignored) {
        // closing the rest matters more
      }
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment capture = arena.allocate(Libzmq.CAPTURE);
      while ((int) Libzmq.ZMQ_CTX_TERM.invokeExact(capture, context) != 0) {
        if (Libzmq.errno(capture) != Libzmq.EINTR) {
          throw LibzmqException.of("zmq_ctx_term", Libzmq.errno(capture));
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }
}
