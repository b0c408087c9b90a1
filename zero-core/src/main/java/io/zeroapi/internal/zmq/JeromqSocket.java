package io.zeroapi.internal.zmq;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A {@link ZmqSocket} of the {@link JeromqEngine}. */
final class JeromqSocket implements ZmqSocket {
  private static final Logger log = LoggerFactory.getLogger(JeromqSocket.class);

  private final ZContext context;
  private final ZMQ.Socket socket;

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
  }

  @Override
  public void setIpv6(boolean enabled) {
    socket.setIPv6(enabled);
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
  }

  @Override
  public String bind(String endpoint) {
    socket.bind(endpoint);
    return socket.getLastEndpoint();
  }

  @Override
  public Connection connect(String endpoint, IoWaiter waiter) {
    FirstHandshake gate = new FirstHandshake(endpoint, (JeromqWaiter) waiter);
    socket.connect(endpoint);
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
   * Holds requests back until the DEALER's first ZMTP handshake succeeds, and redials a connection
   * whose handshake stalls. Works around a JeroMQ 0.6.0 race (zmq.poll.Poller): when the connecter
   * hands a freshly connected channel to its engine while a command is processed in the same round,
   * the engine's handle keeps the cancelled selection key and never gets read events, so the
   * connection hangs until the handshake timeout. Seen on about one fresh connection in ten in
   * tests. Redialling before anything was written loses nothing; later reconnections rely on the
   * handshake bound. Owned by the I/O thread.
   */
  private final class FirstHandshake implements Connection {
    private static final long POLL_MILLIS = 20;
    private static final long MAX_WAIT_MILLIS = 2_000;
    private static final AtomicLong ids = new AtomicLong();

    private final String endpoint;
    private final JeromqWaiter waiter;
    private final ZMQ.Socket monitor;
    private long waitMillis = 100;
    private long deadlineNanos; // 0: no connection being set up
    private int redials;
    private boolean ready;
    private boolean closed;

    FirstHandshake(String endpoint, JeromqWaiter waiter) {
      this.endpoint = endpoint;
      this.waiter = waiter;
      String address = "inproc://zero-monitor-" + ids.incrementAndGet() + "-" + System.identityHashCode(this);
      socket.monitor(address, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL);
      monitor = context.createSocket(SocketType.PAIR);
      monitor.connect(address);
      waiter.watch(monitor);
    }

    /**
     * Reads monitor events; redials a stalled handshake. JeroMQ 0.6.0 deprecates {@code ZMQ.Event}
     * for {@code ZEvent}, which its monitor socket does not produce; the deprecated API is the one
     * that works with {@code Socket.monitor}.
     */
    @Override
    @SuppressWarnings("deprecation")
    public boolean ready() {
      if (ready) {
        return true;
      }
      ZMQ.Event event;
      while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
        if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
          ready = true;
          close();
          return true;
        }
        if (event.getEvent() == ZMQ.EVENT_CONNECTED) {
          deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        }
      }
      if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
        redials++;
        log.debug("ZMTP handshake with {} stalled for {} ms; redialling (attempt {})", endpoint, waitMillis, redials);
        socket.disconnect(endpoint);
        socket.connect(endpoint);
        waitMillis = Math.min(waitMillis * 2, MAX_WAIT_MILLIS);
        deadlineNanos = 0;
      }
      return false;
    }

    @Override
    public boolean hasNews() {
      return !closed && (monitor.getEvents() & ZMQ.Poller.POLLIN) != 0;
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
