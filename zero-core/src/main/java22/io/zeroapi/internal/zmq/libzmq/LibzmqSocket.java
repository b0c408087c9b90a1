package io.zeroapi.internal.zmq.libzmq;

import static io.zeroapi.internal.zmq.libzmq.Libzmq.rethrow;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.zeroapi.ConnectionException;
import io.zeroapi.internal.zmq.HandshakeFailures;
import io.zeroapi.internal.zmq.IoWaiter;
import io.zeroapi.internal.zmq.RedialSchedule;
import io.zeroapi.internal.zmq.ZmqSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

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

  private static final AtomicLong monitors = new AtomicLong();


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
  private boolean curveClient;
  private String curvePublicKey; // this client's, Z85, for the message of a refused key
  private int reconnectMillis = 100;
  private int maxReconnectMillis = 100;

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
  public void setIpv6(boolean enabled) {
    setInt(Libzmq.ZMQ_IPV6, enabled ? 1 : 0, "ZMQ_IPV6");
  }

  @Override
  public void setBacklog(int connections) {
    setInt(Libzmq.ZMQ_BACKLOG, connections, "ZMQ_BACKLOG");
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
    reconnectMillis = first;
    maxReconnectMillis = max;
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
    curveClient = true;
    curvePublicKey = org.zeromq.ZMQ.Curve.z85Encode(publicKey);
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

  @Override
  public String bind(String endpoint) {
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
    if (waiter == null) {
      connectTo(endpoint);
      return Connection.UNWATCHED;
    }
    HandshakeWatch watch = new HandshakeWatch(endpoint, (LibzmqWaiter) waiter);
    try {
      connectTo(endpoint);
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    return watch;
  }

  private void connectTo(String endpoint) {
    try (Arena call = Arena.ofConfined()) {
      if ((int) Libzmq.ZMQ_CONNECT.invokeExact(capture, socket, call.allocateFrom(endpoint)) != 0) {
        throw LibzmqException.of(null, Libzmq.errno(capture));
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** zmq_socket_monitor: events of this socket to a PAIR socket at {@code address}, or none (null). */
  private void monitor(String address, int events) {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment to = address == null ? MemorySegment.NULL : call.allocateFrom(address);
      if ((int) Libzmq.ZMQ_SOCKET_MONITOR.invokeExact(capture, socket, to, events) != 0) {
        throw LibzmqException.of("Cannot monitor the socket", Libzmq.errno(capture));
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Follows the DEALER's connection through a socket monitor until its first handshake succeeds.
   * libzmq reconnects by itself after a closed connection (with the reconnection back-off set on
   * the socket), so the watch counts connections the server closes during the handshake: after
   * {@link HandshakeFailures#CLOSED_IN_HANDSHAKE_LIMIT} in a row, {@link #ready()} says why (a raw
   * TCP server, another CURVE key). After a handshake that failed on a protocol error (a CURVE
   * client of a plain server, or the reverse), libzmq gives the connection up for good: the watch
   * says why at once and redials itself, backing off. Requests wait until the handshake succeeds,
   * as on JeroMQ. A CURVE client's watch stays open after the first handshake, for {@link
   * #refusal()}. Owned by the I/O thread.
   */
  private final class HandshakeWatch implements Connection {
    private static final int EVENTS = Libzmq.ZMQ_EVENT_CONNECTED | Libzmq.ZMQ_EVENT_DISCONNECTED
        | Libzmq.ZMQ_EVENT_HANDSHAKE_SUCCEEDED | Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
        | Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
    private static final int FAILED = Libzmq.ZMQ_EVENT_DISCONNECTED | Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
    /** Handshake failures after which libzmq does not reconnect (session_base_t::engine_error). */
    private static final int GIVEN_UP = Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

    private final String endpoint;
    private final LibzmqWaiter waiter;
    private final LibzmqSocket events;
    private boolean connected; // a TCP connection is up and its handshake has not succeeded yet
    private boolean established; // a connection whose handshake succeeded is up
    private int lostSinceAsked; // established connections closed since lost() was last asked
    private int closedInHandshake; // in a row
    private String failure;
    private final RedialSchedule redial = new RedialSchedule(reconnectMillis, maxReconnectMillis);
    private boolean ready;
    private boolean closed;

    HandshakeWatch(String endpoint, LibzmqWaiter waiter) {
      this.endpoint = endpoint;
      this.waiter = waiter;
      String address = "inproc://zero-monitor-" + monitors.incrementAndGet();
      monitor(address, EVENTS);
      events = context.pair();
      events.connectTo(address);
      waiter.register(events);
    }

    @Override
    public boolean ready() {
      if (ready) {
        return true;
      }
      readEvents();
      if (ready) {
        return true;
      }
      if (redial.takeIfDue()) {
        redialNow();
      }
      if (failure != null) {
        throw new ConnectionException(failure);
      }
      return false;
    }

    /**
     * A CURVE client's watch stays open after the first handshake: a server restarted with an
     * allow-list that no longer holds this client's key refuses a later handshake, after which
     * libzmq does not reconnect; this says so, and {@link #ready()} redials.
     */
    @Override
    public String refusal() {
      if (!ready || closed) {
        return null;
      }
      readEvents();
      return ready ? null : failure;
    }

    /**
     * Reads the monitor's events: a handshake that succeeds makes the watch ready; afterwards it
     * counts the established connections that close ({@link #lost()}) and sees a later refusal.
     */
    private void readEvents() {
      byte[] event;
      while (!closed && (event = events.receive(true)) != null) {
        while (events.hasMore()) {
          events.receive(false); // the endpoint
        }
        ByteBuffer fields = ByteBuffer.wrap(event).order(ByteOrder.nativeOrder());
        int type = event.length >= 2 ? fields.getShort(0) & 0xFFFF : 0;
        if (type == Libzmq.ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
          ready = true; // the watch stays: lost() and refusal() follow the connection from now on
          established = true;
          connected = false;
          closedInHandshake = 0;
        } else if (type == Libzmq.ZMQ_EVENT_DISCONNECTED && established) {
          established = false; // an established connection closed: libzmq reconnects by itself
          lostSinceAsked++;
        } else if (type == Libzmq.ZMQ_EVENT_CONNECTED) {
          connected = true;
        } else if ((type & GIVEN_UP) != 0) {
          // libzmq terminates the session after a protocol error: nothing reconnects but us
          ready = false;
          connected = false;
          established = false;
          closedInHandshake = HandshakeFailures.CLOSED_IN_HANDSHAKE_LIMIT;
          // A refused CURVE key (the server's ZAP handler said no; the value is its status code),
          // or another protocol error.
          failure = type == Libzmq.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH && curvePublicKey != null
              ? HandshakeFailures.refusedCurveKey(endpoint, curvePublicKey, event.length >= 6 ? fields.getInt(2) : 400)
              : HandshakeFailures.closesEveryConnection(endpoint, curveClient);
          redial.schedule();
        } else if ((type & FAILED) != 0 && connected) {
          connected = false;
          if (++closedInHandshake >= HandshakeFailures.CLOSED_IN_HANDSHAKE_LIMIT && failure == null) {
            failure = HandshakeFailures.closesEveryConnection(endpoint, curveClient);
          }
        }
      }
    }

    /** Counts the established connections that closed since the last call; libzmq reconnects by itself. */
    @Override
    public int lost() {
      if (ready) {
        readEvents();
      }
      int n = lostSinceAsked;
      lostSinceAsked = 0;
      return n;
    }

    private void redialNow() {
      try (Arena call = Arena.ofConfined()) {
        int ignored = (int) Libzmq.ZMQ_DISCONNECT.invokeExact(capture, socket, call.allocateFrom(endpoint));
      } catch (Throwable t) {
        throw rethrow(t);
      }
      connectTo(endpoint);
    }

    @Override
    public boolean hasNews() {
      return !closed && ((events.events() & POLLIN) != 0
          || redial.isDue());
    }

    @Override
    public long pollMillis() {
      return 100;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        waiter.unregister(events);
        if (!LibzmqSocket.this.closed) {
          monitor(null, 0);
        }
        events.close();
      }
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
