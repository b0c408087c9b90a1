package io.zeroapi.internal.zmq;

/**
 * One ZeroMQ socket, used by the one I/O thread that owns it: the options the transports set, and
 * single-frame or two-frame messages. Failures are {@link RuntimeException}s whose message says
 * what failed in words a user understands ({@code Address already in use}), not an errno.
 */
public interface ZmqSocket extends AutoCloseable {
  /** {@link #events()}: a message can be received. */
  int POLLIN = 1;

  /** {@link #events()}: a message can be sent. */
  int POLLOUT = 2;

  /** ZMQ_LINGER: how long close waits for unsent messages (0: drop them). */
  void setLinger(int millis);

  /** ZMQ_MAXMSGSIZE: a peer sending a larger message is disconnected. */
  void setMaxMessageSize(long bytes);

  /**
   * ZMQ_IPV6: lets the socket bind or connect an IPv6 address ({@code tcp://[::1]:5559}); IPv4
   * keeps working. Off by default in both engines; the transports turn it on for an IPv6 host.
   */
  void setIpv6(boolean enabled);

  /**
   * ZMQ_BACKLOG: connections the kernel queues for a listening socket until they are accepted
   * (both engines default to 100; beyond it, a client's SYN is dropped and retried after 1 s, 3 s...).
   */
  void setBacklog(int connections);

  /** ZMQ_SNDHWM and ZMQ_RCVHWM: messages queued per peer in each direction. */
  void setHighWaterMarks(int messages);

  /** ZMQ_HANDSHAKE_IVL: a ZMTP handshake that takes longer drops the connection. */
  void setHandshakeMillis(int millis);

  /** ZMQ_RECONNECT_IVL and ZMQ_RECONNECT_IVL_MAX (a client's reconnection back-off). */
  void setReconnectMillis(int first, int max);

  /**
   * Makes this socket a CURVE server with this 32-byte secret key.
   *
   * @param secretKey the server's secret key, 32 bytes
   */
  void setCurveServer(byte[] secretKey);

  /**
   * Makes this socket a CURVE client of the server with {@code serverKey}, with its own key pair.
   *
   * @param serverKey the server's public key, 32 bytes
   * @param publicKey this client's public key, 32 bytes
   * @param secretKey this client's secret key, 32 bytes
   */
  void setCurveClient(byte[] serverKey, byte[] publicKey, byte[] secretKey);

  /**
   * Binds to {@code endpoint} ({@code tcp://host:port}, port {@code *} for any).
   *
   * @return the endpoint bound, with the port chosen (ZMQ_LAST_ENDPOINT)
   */
  String bind(String endpoint);

  /**
   * Connects to {@code endpoint} and returns how the I/O thread learns that the first ZMTP
   * handshake succeeded, or that the server keeps closing connections before it does: requests
   * are held until then (both engines watch the socket's monitor events; JeroMQ also redials a
   * handshake that stalls).
   *
   * @param endpoint {@code tcp://host:port}
   * @param waiter the I/O thread's waiter, which the watch registers with; {@code null} connects
   *     without watching (for raw socket tests): the connection is then ready at once
   */
  Connection connect(String endpoint, IoWaiter waiter);

  /**
   * Receives one frame.
   *
   * @param dontWait return null at once if there is none
   * @return the frame, or {@code null} if none is ready and {@code dontWait}
   */
  byte[] receive(boolean dontWait);

  /** Whether the last frame received has more frames of the same message after it. */
  boolean hasMore();

  /**
   * Sends one frame without blocking.
   *
   * @param frame the bytes
   * @param more whether more frames of this message follow
   * @return false if the socket cannot take it now (high-water mark), and the frame was not sent
   */
  boolean send(byte[] frame, boolean more);

  /** {@link #POLLIN} and/or {@link #POLLOUT}, as the socket is now (ZMQ_EVENTS). */
  int events();

  @Override
  void close();

  /** A client's connection, as its I/O thread follows it. Owned by that thread. */
  interface Connection extends AutoCloseable {
    /** A connection nobody watches ({@link ZmqSocket#connect} without a waiter): ready at once. */
    Connection UNWATCHED = new Connection() {
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

    /**
     * Whether requests may be sent: the first handshake succeeded (and then always true). May
     * redial a connection whose handshake stalls.
     *
     * @throws io.zeroapi.ConnectionException when the server keeps closing connections before the
     *     handshake completes (a raw TCP server, or a CURVE mismatch): the message says so, and the
     *     transport fails the waiting calls with it (an engine that cannot tell lets them time out)
     */
    boolean ready();

    /**
     * After {@link #ready()} said true: how many times since the last call the connection was lost
     * (the server closed it, or went away). The engine reconnects by itself; the transport fails the
     * calls it had sent, whose replies cannot come any more. The connection keeps watching until
     * {@link #close()}; an engine that cannot tell returns 0.
     */
    default int lost() {
      return 0;
    }

    /**
     * Asked by the I/O thread on each round after {@link #ready()} said true: why the server
     * refused this client since, or null. A CURVE client's watch stays open after the first
     * handshake: an engine that reports no handshake success (JeroMQ) says ready once the ZMTP
     * greetings are exchanged, before the server's ZAP handler has decided on the key, and a
     * refusal comes after; on either engine a later handshake (a server restarted with another
     * allow-list) may be refused too. The connection is then not ready any more: {@link #ready()}
     * redials, backing off, and throws with the same words while the refusal stands; the transport
     * fails the calls in flight (the connection that carried them is gone).
     *
     * @return the message of the {@link io.zeroapi.ConnectionException} for the calls in flight, or
     *     null
     */
    default String refusal() {
      return null;
    }

    /** Whether {@link #ready()} or {@link #refusal()} has news to read now (the I/O thread must not sleep then). */
    boolean hasNews();

    /** The longest the I/O thread may sleep before calling {@link #ready()} again, while not ready. */
    long pollMillis();

    /** Stops following (at close). */
    @Override
    void close();
  }
}
