package io.zeroapi.internal.zmq;

import io.zeroapi.ConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.ZError;
import zmq.msg.MsgAllocator;
import zmq.msg.MsgAllocatorThreshold;

/** A {@link ZmqSocket} of the {@link JeromqEngine}. */
final class JeromqSocket implements ZmqSocket {
  private static final Logger log = LoggerFactory.getLogger(JeromqSocket.class);

  private final ZContext context;
  private final ZMQ.Socket socket;
  private int reconnectMillis = 100;
  private int maxReconnectMillis = 100;
  private boolean curveClient;
  private String curvePublicKey; // this client's, Z85, for the message of a refused key

  JeromqSocket(ZContext context, ZMQ.Socket socket) {
    this.context = context;
    this.socket = socket;
  }

  ZMQ.Socket socket() {
    return socket;
  }

  @Override
  public void setLinger(int millis) {
    socket.setLinger(millis);
  }

  @Override
  public void setMaxMessageSize(long bytes) {
    socket.setMaxMsgSize(bytes);
    socket.setMsgAllocator(new SizeGuard(bytes));
  }

  /**
   * The allocator of message bodies, guarding against JeroMQ 0.6.0's reading of a ZMTP 2.0 frame
   * size of 2^63 or more (the CVE-2019-6250 shape; JeroMQ issue #1005, fixed after 0.6.0): it
   * becomes a negative {@code long} that passes the decoder's size checks, whose low 32 bits reach
   * the allocator. There -1 threw {@link NegativeArraySizeException} and sizes up to 2 GiB would
   * throw {@link OutOfMemoryError}, on the engine's I/O thread, which died: the socket then served
   * nobody. A size the decoder should have refused (negative, or over the socket's limit, which it
   * checks itself for honest sizes) gets an empty message instead: that peer's frame reads as
   * empty and the rest of its bytes as more frames, which the server drops as too short (a peer
   * sending garbage); every other peer goes on being served.
   */
  static final class SizeGuard implements MsgAllocator {
    private final MsgAllocator heapOrDirect = new MsgAllocatorThreshold();
    private final long maxBytes;

    SizeGuard(long maxBytes) {
      this.maxBytes = maxBytes < 0 ? Integer.MAX_VALUE : maxBytes;
    }

    @Override
    public Msg allocate(int size) {
      if (size < 0 || size > maxBytes) {
        log.debug("A frame declaring a size JeroMQ should have refused ({} as an int): read as empty", size);
        return new Msg(0);
      }
      return heapOrDirect.allocate(size);
    }
  }

  @Override
  public void setIpv6(boolean enabled) {
    socket.setIPv6(enabled);
  }

  @Override
  public void setBacklog(int connections) {
    socket.setBacklog(connections);
  }

  @Override
  public void setHighWaterMarks(int messages) {
    socket.setSndHWM(messages);
    socket.setRcvHWM(messages);
  }

  @Override
  public void setHandshakeMillis(int millis) {
    socket.setHandshakeIvl(millis);
  }

  @Override
  public void setReconnectMillis(int first, int max) {
    socket.setReconnectIVL(first);
    socket.setReconnectIVLMax(max);
    reconnectMillis = first; // for the handshake watch's redials (RedialSchedule bounds them)
    maxReconnectMillis = max;
  }

  @Override
  public void setCurveServer(byte[] secretKey) {
    socket.setCurveServer(true);
    socket.setCurveSecretKey(secretKey);
  }

  @Override
  public void setCurveClient(byte[] serverKey, byte[] publicKey, byte[] secretKey) {
    socket.setCurveServerKey(serverKey);
    socket.setCurvePublicKey(publicKey);
    socket.setCurveSecretKey(secretKey);
    curveClient = true;
    curvePublicKey = ZMQ.Curve.z85Encode(publicKey);
  }

  @Override
  public String bind(String endpoint) {
    try {
      socket.bind(endpoint);
    } catch (ZMQException e) {
      throw inWords(e);
    }
    return socket.getLastEndpoint();
  }

  /**
   * JeroMQ says {@code Errno 48} for EADDRINUSE (its own numbering, BSD's): the SPI promises words,
   * {@code Address already in use}.
   */
  private static ZMQException inWords(ZMQException e) {
    String message = e.getMessage();
    if (message == null || message.startsWith("Errno ")) {
      return new ZMQException(ZError.toString(e.getErrorCode()), e.getErrorCode(), e);
    }
    return e;
  }

  @Override
  public Connection connect(String endpoint, IoWaiter waiter) {
    if (waiter == null) {
      try {
        socket.connect(endpoint);
      } catch (ZMQException e) {
        throw inWords(e);
      }
      return Connection.UNWATCHED;
    }
    FirstHandshake gate = new FirstHandshake(endpoint, (JeromqWaiter) waiter);
    try {
      socket.connect(endpoint);
    } catch (ZMQException e) {
      gate.close();
      throw inWords(e);
    }
    return gate;
  }

  @Override
  public byte[] receive(boolean dontWait) {
    return socket.recv(dontWait ? ZMQ.DONTWAIT : 0);
  }

  @Override
  public boolean hasMore() {
    return socket.hasReceiveMore();
  }

  @Override
  public boolean send(byte[] frame, boolean more) {
    return socket.send(frame, (more ? ZMQ.SNDMORE : 0) | ZMQ.DONTWAIT);
  }

  @Override
  public int events() {
    int events = socket.getEvents();
    return ((events & ZMQ.Poller.POLLIN) != 0 ? POLLIN : 0) | ((events & ZMQ.Poller.POLLOUT) != 0 ? POLLOUT : 0);
  }

  @Override
  public void close() {
    socket.close();
  }

  /**
   * Holds requests back until the DEALER's first ZMTP handshake succeeds, redials a connection
   * whose handshake stalls, and recognises a server that closes every connection during the
   * handshake (a raw TCP Zero server does, on the ZMTP greeting).
   *
   * <p>The stall: a JeroMQ 0.6.0 race (zmq.poll.Poller): when the connecter hands a freshly
   * connected channel to its engine while a command is processed in the same round, the engine's
   * handle keeps the cancelled selection key and never gets read events, so the connection hangs
   * until the handshake timeout. Seen on about one fresh connection in ten in tests. Redialling
   * before anything was written loses nothing; later reconnections rely on the handshake bound.
   *
   * <p>The closing server (closed before the ZMTP greetings were exchanged, which JeroMQ reports as
   * {@code EVENT_HANDSHAKE_PROTOCOL}: a raw TCP server, or a CURVE server and a plain client, or
   * the reverse; a CURVE client with a wrong server key gets past that point and times out, as
   * CURVE gives it no answer). JeroMQ reconnects at once (its back-off restarts with every TCP
   * connection that succeeds), so a peer that accepts TCP connections and closes them on the
   * greeting would see about ten a second; and after a mechanism mismatch JeroMQ does not redial
   * at all. So this connection redials itself after such a close, backing off from the socket's
   * reconnect interval to its maximum, and after {@link #CLOSED_IN_HANDSHAKE_LIMIT} closes in a row
   * {@link #ready()} throws a {@link ConnectionException} saying so (the transport fails the calls
   * waiting). Owned by the I/O thread.
   *
   * <p>A CURVE client: JeroMQ reports the end of the greetings ({@code EVENT_HANDSHAKE_PROTOCOL}), and
   * a refusal of the client's key by the server's ZAP handler ({@code HANDSHAKE_FAILED_AUTH} with the
   * status code), but never the success of the CURVE handshake. So {@link #ready()} says true after
   * the greetings as for any client, and the watch stays open: {@link #refusal()} reports a refusal
   * that comes later, and the connection then redials as after a close.
   */
  private final class FirstHandshake implements Connection {
    private static final long POLL_MILLIS = 20;
    private static final long MAX_WAIT_MILLIS = 2_000;
    private static final int CLOSED_IN_HANDSHAKE_LIMIT = HandshakeFailures.CLOSED_IN_HANDSHAKE_LIMIT;
    /** zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_*: NO_DETAIL, PROTOCOL, AUTH. */
    private static final int HANDSHAKE_FAILED = zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
        | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
    private static final AtomicLong ids = new AtomicLong();

    private final String endpoint;
    private final JeromqWaiter waiter;
    private final ZMQ.Socket monitor;
    private long waitMillis = 100;
    private long deadlineNanos; // 0: no connection being set up
    private int redials;
    private boolean connected; // a TCP connection is up (until ready: its handshake has not succeeded yet)
    private int closedInHandshake; // in a row
    private int ownDisconnects; // DISCONNECTED events still to come of connections we dropped ourselves
    private String failure; // why the handshake cannot succeed, once known
    private final RedialSchedule redial = new RedialSchedule(reconnectMillis, maxReconnectMillis);
    private boolean ready;
    private boolean closed;
    private int lostSinceAsked; // established connections closed since lost() was last asked
    private String newRefusal; // a refusal after ready, not yet said by refusal()

    FirstHandshake(String endpoint, JeromqWaiter waiter) {
      this.endpoint = endpoint;
      this.waiter = waiter;
      String address = "inproc://zero-monitor-" + ids.incrementAndGet() + "-" + System.identityHashCode(this);
      socket.monitor(address, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL
          | HANDSHAKE_FAILED);
      monitor = context.createSocket(SocketType.PAIR);
      monitor.connect(address);
      waiter.watch(monitor);
    }

    /**
     * Reads monitor events; redials a stalled handshake. JeroMQ 0.6.0 deprecates {@code ZMQ.Event}
     * for {@code ZEvent}, which its monitor socket does not produce; the deprecated API is the one
     * that works with {@code Socket.monitor}.
     *
     * @throws ConnectionException while the server is known to close every connection during the
     *     handshake
     */
    @Override
    @SuppressWarnings("deprecation")
    public boolean ready() {
      if (ready) {
        return true;
      }
      ZMQ.Event event;
      while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
        int type = event.getEvent();
        if (type == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
          ready = true; // the monitor stays: lost() and refusal() follow the connection from now on
          connected = true;
          return true;
        }
        if (type == ZMQ.EVENT_CONNECTED) {
          connected = true;
          deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        } else if (type == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
          refused(event.getValue());
        } else if (type == ZMQ.EVENT_DISCONNECTED && ownDisconnects > 0) {
          // Ours (a stalled handshake redialled), which may come after the new connection's CONNECTED.
          ownDisconnects--;
        } else if (type == ZMQ.EVENT_DISCONNECTED || (type & HANDSHAKE_FAILED) != 0) {
          if (connected) {
            connected = false;
            deadlineNanos = 0;
            closedInHandshake++;
            closedInHandshake();
          }
        }
      }
      if (redial.takeIfDue()) {
        socket.connect(endpoint);
      }
      if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
        redials++;
        log.debug("ZMTP handshake with {} stalled for {} ms; redialling (attempt {})", endpoint, waitMillis, redials);
        if (connected) {
          ownDisconnects++; // its DISCONNECTED is not the server's doing
        }
        connected = false;
        socket.disconnect(endpoint);
        socket.connect(endpoint);
        waitMillis = Math.min(waitMillis * 2, MAX_WAIT_MILLIS);
        deadlineNanos = 0;
      }
      if (failure != null) {
        throw new ConnectionException(failure);
      }
      return false;
    }

    /**
     * JeroMQ reports no CURVE handshake success, only a refusal, after the greetings that made
     * {@link #ready()} say true: the watch stays open to see it, and the connections that close.
     */
    @Override
    public String refusal() {
      afterReady();
      String refusal = newRefusal;
      newRefusal = null;
      return refusal;
    }

    /** Counts the established connections that closed; JeroMQ reconnects by itself. */
    @Override
    public int lost() {
      afterReady();
      int n = lostSinceAsked;
      lostSinceAsked = 0;
      return n;
    }

    /** Reads the monitor's events once {@link #ready()} said true. */
    @SuppressWarnings("deprecation")
    private void afterReady() {
      ZMQ.Event event;
      while (ready && !closed && (event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
        int type = event.getEvent();
        if (type == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
          refused(event.getValue());
          newRefusal = failure;
        } else if (type == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
          connected = true;
        } else if (type == ZMQ.EVENT_DISCONNECTED && connected) {
          connected = false;
          lostSinceAsked++;
        }
      }
    }

    private void refused(Object status) {
      ready = false;
      connected = false;
      deadlineNanos = 0;
      closedInHandshake = CLOSED_IN_HANDSHAKE_LIMIT;
      failure = HandshakeFailures.refusedCurveKey(endpoint, curvePublicKey,
          status instanceof Integer code ? code : 400);
      try {
        socket.disconnect(endpoint);
      } catch (RuntimeException e) {
        log.trace("Nothing to disconnect from {}: {}", endpoint, e.toString());
      }
      redial.schedule();
    }

    /**
     * The connection closed before the greetings were exchanged: redial after a back-off (JeroMQ
     * would redial at once after a peer's close, and never after its own protocol error such as a
     * mechanism mismatch), and after {@link #CLOSED_IN_HANDSHAKE_LIMIT} in a row, say why.
     */
    private void closedInHandshake() {
      try {
        socket.disconnect(endpoint); // stops JeroMQ's own redial, if it is to make one
      } catch (RuntimeException e) {
        log.trace("Nothing to disconnect from {}: {}", endpoint, e.toString());
      }
      redial.schedule();
      if (closedInHandshake < CLOSED_IN_HANDSHAKE_LIMIT) {
        return;
      }
      // JeroMQ 0.6 reports no reason (no HANDSHAKE_FAILED event): the server closed before the ZMTP
      // greeting was exchanged. A raw TCP server does that, and so does a mismatch of mechanisms.
      failure = HandshakeFailures.closesEveryConnection(endpoint, curveClient);
      if (closedInHandshake == CLOSED_IN_HANDSHAKE_LIMIT) {
        log.debug("{}; redialling, backing off up to {} ms", failure, redial.maxMillis());
      }
    }

    @Override
    public boolean hasNews() {
      return !closed && ((monitor.getEvents() & ZMQ.Poller.POLLIN) != 0
          || redial.isDue());
    }

    @Override
    public long pollMillis() {
      return POLL_MILLIS;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        waiter.unwatch(monitor);
        socket.monitor(null, 0);
        monitor.close();
      }
    }
  }
}
