package io.zeroapi.internal.zmq.libzmq;

import static io.zeroapi.internal.zmq.libzmq.Libzmq.rethrow;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.zeroapi.internal.zmq.SleepingWaiter;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Sleeps in {@code zmq_poll} on the notification descriptors ({@code ZMQ_FD}) of the registered
 * sockets and on the read end of a pipe, to which {@link #signal()} and {@link #wakeNow()} write
 * one byte. Like {@code ZMQ_FD} itself, this is edge-triggered: the I/O thread asks each socket for
 * its {@link ZmqSocket#events()} after {@link #prepareToSleep()} and before {@link #sleep(long)}
 * (the {@link io.zeroapi.internal.zmq.IoWaiter} protocol), which also makes the descriptor wait for the next change.
 *
 * <p>{@link #signal()} writes only when the I/O thread announced it may sleep (a Dekker handshake
 * on the "may sleep" flag of {@link SleepingWaiter}), at most once per sleep, so a busy I/O thread costs its producers nothing.
 */
final class LibzmqWaiter extends SleepingWaiter {
  /** What signals write: the byte's value does not matter. Global, as any thread writes it. */
  private static final MemorySegment ONE_BYTE = Arena.global().allocate(1);
  private static final int DRAIN_BYTES = 64;

  private final LibzmqContext context;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment capture;
  private final MemorySegment drain;
  private final int readFd;
  private final int writeFd;
  /** Guards {@link #closed} against a write to a descriptor being closed (and reused). */
  private final Object lock = new Object();
  private boolean closed;

  // I/O thread only:
  private final List<LibzmqSocket> sockets = new ArrayList<>();
  private MemorySegment items;
  private int capacity;
  private int count;
  private boolean stale = true;

  LibzmqWaiter(LibzmqContext context) {
    this.context = context;
    try {
      capture = arena.allocate(Libzmq.CAPTURE);
      drain = arena.allocate(DRAIN_BYTES);
      MemorySegment fds = arena.allocate(JAVA_INT, 2);
      if ((int) Libzmq.PIPE2.invokeExact(capture, fds, Libzmq.O_NONBLOCK | Libzmq.O_CLOEXEC) != 0) {
        throw LibzmqException.of("Cannot open a pipe", Libzmq.errno(capture));
      }
      readFd = fds.getAtIndex(JAVA_INT, 0);
      writeFd = fds.getAtIndex(JAVA_INT, 1);
    } catch (Throwable t) {
      arena.close();
      throw rethrow(t);
    }
  }

  @Override
  public void register(ZmqSocket socket) {
    if (!(socket instanceof LibzmqSocket mine)) {
      throw new IllegalArgumentException("not a libzmq socket: " + socket);
    }
    if (!sockets.contains(mine)) {
      sockets.add(mine);
      stale = true;
    }
  }

  @Override
  public void unregister(ZmqSocket socket) {
    if (sockets.remove(socket)) {
      stale = true;
    }
  }

  @Override
  protected void wake() {
    synchronized (lock) {
      if (!closed) {
        try {
          long written = (long) Libzmq.WRITE.invokeExact(writeFd, ONE_BYTE, 1L);
        } catch (Throwable t) {
          throw rethrow(t);
        }
      }
    }
  }

  @Override
  public void progress() {
    // libzmq's descriptors do not wake spuriously the way JeroMQ's can: nothing to back off from
  }

  @Override
  public void sleep(long millis) {
    try {
      for (int i = 0; i < sockets.size(); i++) {
        if (sockets.get(i).isClosed()) { // its descriptor is gone (and its number may be reused)
          stale = true;
        }
      }
      if (stale) {
        rebuild();
      }
      int ready = (int) Libzmq.ZMQ_POLL.invokeExact(capture, items, count, Math.max(0, millis));
      if (ready < 0) {
        int errno = Libzmq.errno(capture);
        if (errno != Libzmq.EINTR && errno != Libzmq.ETERM) {
          throw LibzmqException.of("zmq_poll", errno);
        }
      } else if (ready > 0 && (items.get(JAVA_SHORT, REVENTS) & Libzmq.ZMQ_POLLIN) != 0) {
        while ((long) Libzmq.READ.invokeExact(readFd, drain, (long) DRAIN_BYTES) == DRAIN_BYTES) {
          // more bytes than one read takes: keep draining
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      awake();
    }
  }

  private static final long ITEM = Libzmq.POLLITEM.byteSize();
  private static final long SOCKET = Libzmq.POLLITEM.byteOffset(MemoryLayout.PathElement.groupElement("socket"));
  private static final long FD = Libzmq.POLLITEM.byteOffset(MemoryLayout.PathElement.groupElement("fd"));
  private static final long EVENTS =
      Libzmq.POLLITEM.byteOffset(MemoryLayout.PathElement.groupElement("events"));
  private static final long REVENTS =
      Libzmq.POLLITEM.byteOffset(MemoryLayout.PathElement.groupElement("revents"));

  /** The poll items: the pipe first, then each open socket's {@code ZMQ_FD}. */
  private void rebuild() {
    sockets.removeIf(LibzmqSocket::isClosed);
    int needed = sockets.size() + 1;
    if (needed > capacity) {
      capacity = Math.max(4, Integer.highestOneBit(needed) << 1);
      items = arena.allocate(Libzmq.POLLITEM, capacity);
    }
    item(0, readFd);
    for (int i = 0; i < sockets.size(); i++) {
      item(i + 1, sockets.get(i).fd());
    }
    count = needed;
    stale = false;
  }

  private void item(int index, int fd) {
    long base = index * ITEM;
    items.set(ADDRESS, base + SOCKET, MemorySegment.NULL);
    items.set(JAVA_INT, base + FD, fd);
    items.set(JAVA_SHORT, base + EVENTS, Libzmq.ZMQ_POLLIN);
    items.set(JAVA_SHORT, base + REVENTS, (short) 0);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      awake();
      try {
        int r = (int) Libzmq.CLOSE.invokeExact(readFd);
        int w = (int) Libzmq.CLOSE.invokeExact(writeFd);
      } catch (Throwable t) {
        throw rethrow(t);
      } finally {
        arena.close();
        context.forget(this);
      }
    }
  }
}
