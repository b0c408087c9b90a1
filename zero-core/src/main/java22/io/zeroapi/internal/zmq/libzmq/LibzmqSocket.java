package io.zeroapi.internal.zmq.libzmq;

import static io.zeroapi.internal.zmq.libzmq.Libzmq.rethrow;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A libzmq socket. Everything a call needs in native memory (the {@code zmq_msg_t} frames are
 * received into, errno's capture, option values) is allocated once, in an arena this socket owns
 * and {@link #close()} frees: the hot path allocates nothing but the byte[] of a received frame.
 * Frames are sent from the Java byte[] in place ({@link Libzmq#ZMQ_SEND} is a critical call).
 *
 * <p>The arena is shared (not confined) because a socket is made by one thread and used by its I/O
 * thread; it is still used by one thread at a time.
 */
final class LibzmqSocket implements ZmqSocket {
  /** Frames larger than this are released right after being copied out, not kept until the next. */
  private static final int KEEP_BYTES = 64 * 1024;
  private static final int SCRATCH_BYTES = 512;

  /** libzmq's DEALER queues messages for a connection being made: it is ready at once. */
  private static final Connection READY = new Connection() {
    @Override
    public boolean ready() {
      return true;
    }

    @Override
    public boolean hasNews() {
      return false;
    }

    @Override
    public long pollMillis() {
      return Long.MAX_VALUE;
    }

    @Override
    public void close() {}
  };

  private final LibzmqContext context;
  private final MemorySegment socket;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment msg;
  private final MemorySegment capture;
  /** An option's value (int, int64, key, endpoint). */
  private final MemorySegment scratch;
  /** An option's length ({@code size_t}). */
  private final MemorySegment length;
  private boolean more;
  private boolean closed;

  LibzmqSocket(LibzmqContext context, MemorySegment zmqContext, int type) {
    this.context = context;
    try {
      capture = arena.allocate(Libzmq.CAPTURE);
      msg = arena.allocate(Libzmq.MSG);
      scratch = arena.allocate(SCRATCH_BYTES, 8);
      length = arena.allocate(JAVA_LONG);
      MemorySegment made = (MemorySegment) Libzmq.ZMQ_SOCKET.invokeExact(capture, zmqContext, type);
      if (made.equals(MemorySegment.NULL)) {
        throw LibzmqException.of("Cannot create a ZeroMQ socket", Libzmq.errno(capture));
      }
      socket = made;
      int rc = (int) Libzmq.ZMQ_MSG_INIT.invokeExact(msg);
    } catch (Throwable t) {
      arena.close();
      throw rethrow(t);
    }
  }

  /** The native socket, for the waiter. */
  MemorySegment handle() {
    return socket;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void setLinger(int millis) {
    setInt(Libzmq.ZMQ_LINGER, millis, "ZMQ_LINGER");
  }

  @Override
  public void setMaxMessageSize(long bytes) {
    scratch.set(JAVA_LONG, 0, bytes);
    setOption(Libzmq.ZMQ_MAXMSGSIZE, 8, "ZMQ_MAXMSGSIZE");
  }

  @Override
  public void setHighWaterMarks(int messages) {
    setInt(Libzmq.ZMQ_SNDHWM, messages, "ZMQ_SNDHWM");
    setInt(Libzmq.ZMQ_RCVHWM, messages, "ZMQ_RCVHWM");
  }

  @Override
  public void setHandshakeMillis(int millis) {
    setInt(Libzmq.ZMQ_HANDSHAKE_IVL, millis, "ZMQ_HANDSHAKE_IVL");
  }

  @Override
  public void setReconnectMillis(int first, int max) {
    setInt(Libzmq.ZMQ_RECONNECT_IVL, first, "ZMQ_RECONNECT_IVL");
    setInt(Libzmq.ZMQ_RECONNECT_IVL_MAX, max, "ZMQ_RECONNECT_IVL_MAX");
  }

  @Override
  public void setCurveServer(byte[] secretKey) {
    requireCurve();
    setInt(Libzmq.ZMQ_CURVE_SERVER, 1, "ZMQ_CURVE_SERVER");
    setKey(Libzmq.ZMQ_CURVE_SECRETKEY, secretKey, "ZMQ_CURVE_SECRETKEY");
  }

  @Override
  public void setCurveClient(byte[] serverKey, byte[] publicKey, byte[] secretKey) {
    requireCurve();
    setKey(Libzmq.ZMQ_CURVE_SERVERKEY, serverKey, "ZMQ_CURVE_SERVERKEY");
    setKey(Libzmq.ZMQ_CURVE_PUBLICKEY, publicKey, "ZMQ_CURVE_PUBLICKEY");
    setKey(Libzmq.ZMQ_CURVE_SECRETKEY, secretKey, "ZMQ_CURVE_SECRETKEY");
  }

  private static void requireCurve() {
    if (!Libzmq.has("curve")) {
      throw new IllegalStateException("this libzmq was built without CURVE (libsodium)");
    }
  }

  private void setKey(int option, byte[] key, String name) {
    if (key.length != 32) {
      throw new IllegalArgumentException(name + ": a CURVE key has 32 bytes, not " + key.length);
    }
    MemorySegment.copy(key, 0, scratch, JAVA_BYTE, 0, 32);
    setOption(option, 32, name);
  }

  private void setInt(int option, int value, String name) {
    scratch.set(JAVA_INT, 0, value);
    setOption(option, 4, name);
  }

  /** Sets {@code option} to the first {@code bytes} of {@link #scratch}. */
  private void setOption(int option, long bytes, String name) {
    try {
      if ((int) Libzmq.ZMQ_SETSOCKOPT.invokeExact(capture, socket, option, scratch, bytes) != 0) {
        throw LibzmqException.of("Cannot set " + name, Libzmq.errno(capture));
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Reads the int option {@code option}. */
  private int getInt(int option) {
    try {
      length.set(JAVA_LONG, 0, 4);
      if ((int) Libzmq.ZMQ_GETSOCKOPT.invokeExact(capture, socket, option, scratch, length) != 0) {
        throw LibzmqException.of("Cannot read option " + option, Libzmq.errno(capture));
      }
      return scratch.get(JAVA_INT, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The socket's notification descriptor ({@code ZMQ_FD}), for the waiter. */
  int fd() {
    return getInt(Libzmq.ZMQ_FD);
  }

  /** IPv6 addresses ({@code tcp://[::1]:5555}) need ZMQ_IPV6, which libzmq leaves off. */
  private void ipv6For(String endpoint) {
    if (endpoint.indexOf('[') >= 0) {
      setInt(Libzmq.ZMQ_IPV6, 1, "ZMQ_IPV6");
    }
  }

  @Override
  public String bind(String endpoint) {
    ipv6For(endpoint);
    try (Arena call = Arena.ofConfined()) {
      if ((int) Libzmq.ZMQ_BIND.invokeExact(capture, socket, call.allocateFrom(endpoint)) != 0) {
        throw LibzmqException.of(null, Libzmq.errno(capture));
      }
      length.set(JAVA_LONG, 0, SCRATCH_BYTES);
      if ((int) Libzmq.ZMQ_GETSOCKOPT.invokeExact(capture, socket, Libzmq.ZMQ_LAST_ENDPOINT, scratch, length)
          != 0) {
        throw LibzmqException.of("Cannot read the endpoint bound", Libzmq.errno(capture));
      }
      return scratch.getString(0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public Connection connect(String endpoint, IoWaiter waiter) {
    ipv6For(endpoint);
    try (Arena call = Arena.ofConfined()) {
      if ((int) Libzmq.ZMQ_CONNECT.invokeExact(capture, socket, call.allocateFrom(endpoint)) != 0) {
        throw LibzmqException.of(null, Libzmq.errno(capture));
      }
      return READY;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public byte[] receive(boolean dontWait) {
    try {
      int size;
      while ((size = (int) Libzmq.ZMQ_MSG_RECV.invokeExact(capture, msg, socket, dontWait ? Libzmq.ZMQ_DONTWAIT : 0))
          < 0) {
        int errno = Libzmq.errno(capture);
        if (errno == Libzmq.EAGAIN && dontWait) {
          return null;
        }
        if (errno != Libzmq.EINTR) {
          throw LibzmqException.of("Cannot receive", errno);
        }
      }
      more = (int) Libzmq.ZMQ_MSG_MORE.invokeExact(msg) != 0;
      byte[] frame = new byte[size];
      if (size > 0) {
        MemorySegment data = (MemorySegment) Libzmq.ZMQ_MSG_DATA.invokeExact(msg);
        MemorySegment.copy(data, JAVA_BYTE, 0, frame, 0, size);
        if (size > KEEP_BYTES) { // give the memory back now rather than at the next receive
          int closedRc = (int) Libzmq.ZMQ_MSG_CLOSE.invokeExact(msg);
          int initRc = (int) Libzmq.ZMQ_MSG_INIT.invokeExact(msg);
        }
      }
      return frame;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public boolean hasMore() {
    return more;
  }

  @Override
  public boolean send(byte[] frame, boolean more) {
    int flags = more ? Libzmq.ZMQ_DONTWAIT | Libzmq.ZMQ_SNDMORE : Libzmq.ZMQ_DONTWAIT;
    try {
      while ((int) Libzmq.ZMQ_SEND.invokeExact(capture, socket, MemorySegment.ofArray(frame), (long) frame.length, flags)
          < 0) {
        int errno = Libzmq.errno(capture);
        if (errno == Libzmq.EAGAIN) {
          return false;
        }
        if (errno != Libzmq.EINTR) {
          throw LibzmqException.of("Cannot send", errno);
        }
      }
      return true;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public int events() {
    return getInt(Libzmq.ZMQ_EVENTS) & (POLLIN | POLLOUT);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int msgRc = (int) Libzmq.ZMQ_MSG_CLOSE.invokeExact(msg);
      int rc = (int) Libzmq.ZMQ_CLOSE.invokeExact(capture, socket);
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      arena.close();
      context.forget(this);
    }
  }
}
