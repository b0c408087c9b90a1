package io.zeroapi.internal.tcp;

import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandler;
import io.zeroapi.ConnectionException;
import io.zeroapi.ZeroException;
import io.zeroapi.TlsException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One position of a client's connection pool: its current connection, opened on first need and
 * reopened after it is lost, and the back-off between failed attempts ({@link #backoffMillis}: 50 ms
 * for the first second, then 100 ms doubling, capped at {@code maxReconnectBackoff}). Calls that arrive while it connects wait here; a call that
 * would wait past its deadline for the next attempt fails at once instead. Thread-safe.
 */
final class ConnectionSlot {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSlot.class);
  /** The back-off of the first {@value #QUICK_ATTEMPTS} failed attempts: a restarting server is found within this. */
  static final long QUICK_BACKOFF_MILLIS = 50;
  /** Attempts at the quick back-off: a second's worth, the time a JVM server takes to restart. */
  static final int QUICK_ATTEMPTS = 20;
  /** The back-off after the quick attempts, doubling from there. */
  static final long SLOW_BACKOFF_MILLIS = 100;

  private final Connector connector;
  volatile ClientConnection current;
  /** One-in-flight pool: whether a call holds this slot; guarded by the pool's lock. */
  boolean busy;

  // guarded by this
  private boolean connecting;
  private boolean retryScheduled;
  private List<PendingCall> waiters = new ArrayList<>();
  /** Bytes of the requests in {@link #waiters}, bounded as a connection's buffer is ({@code OutboundLimit}). */
  private long waitingBytes;
  private long backoffMillis;
  private int failedAttempts;
  private long nextAttemptNanos;
  private String lastError;
  /** The last error is a TLS failure: calls fail with a {@link TlsException}. */
  private boolean lastErrorTls;
  /** The last connection was closed because the server speaks ZeroMQ: the back-off keeps growing. */
  private boolean wrongProtocol;

  ConnectionSlot(Connector connector) {
    this.connector = connector;
  }

  /**
   * The wait before the next attempt after {@code failures} failed attempts in a row: {@value
   * #QUICK_BACKOFF_MILLIS} ms for the first {@value #QUICK_ATTEMPTS} (a server restarting on the
   * same port is found within 50 ms of listening, where a back-off doubling from the start could
   * wait 800 ms by then), then {@value #SLOW_BACKOFF_MILLIS} ms doubling; never above {@code capMillis}.
   */
  static long backoffMillis(int failures, long capMillis) {
    if (failures <= QUICK_ATTEMPTS) {
      return Math.min(QUICK_BACKOFF_MILLIS, capMillis);
    }
    int doublings = Math.min(failures - QUICK_ATTEMPTS - 1, 30);
    return Math.min(SLOW_BACKOFF_MILLIS << doublings, capMillis);
  }

  /** Bytes of the requests waiting for this slot's connection to open. */
  synchronized long waitingBytes() {
    return waitingBytes;
  }

  private static long bytesOf(List<PendingCall> calls) {
    long n = 0;
    for (PendingCall call : calls) {
      n += WriteBatcher.wireSize(call);
    }
    return n;
  }

  /** {@code host:port} of the server, for messages. */
  String address() {
    return connector.address();
  }

  /** {@code n} slots of one client. */
  static ConnectionSlot[] pool(Connector connector, int n) {
    ConnectionSlot[] slots = new ConnectionSlot[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new ConnectionSlot(connector);
    }
    return slots;
  }

  /**
   * Sends the call, or parks it until the connection is up.
   *
   * @return null if the call was taken, else why it cannot be (the caller fails it)
   */
  ZeroException dispatch(PendingCall call) {
    ClientConnection c = current;
    if (c != null && c.isActive()) {
      return c.send(call);
    }
    boolean connectNow = false;
    long retryInMillis = -1;
    synchronized (this) {
      c = current;
      if (c == null || !c.isActive()) {
        c = null;
        if (connector.isClosed()) {
          return Connector.closedException();
        }
        if (connector.limit().refuses(waitingBytes)) {
          return connector.limit().refusal(call.function(), waitingBytes,
              "in the queue for the connection to " + connector.address());
        }
        waiters.add(call);
        waitingBytes += WriteBatcher.wireSize(call);
        if (!connecting) {
          long wait = nextAttemptNanos - System.nanoTime();
          if (wait > 0 && lastError != null) {
            long waitMillis = (wait + 999_999) / 1_000_000;
            if (call.deadline().remainingMillis() <= waitMillis) {
              waiters.remove(waiters.size() - 1);
              waitingBytes -= WriteBatcher.wireSize(call);
              if (lastErrorTls) {
                return new TlsException(lastError + " (next attempt in " + waitMillis + " ms)");
              }
              return new ConnectionException(
                  "Cannot connect to " + connector.address() + " (last error: " + lastError
                      + "); next attempt in " + waitMillis + " ms");
            }
            if (!retryScheduled) {
              retryScheduled = true;
              retryInMillis = waitMillis;
            }
          } else {
            connecting = true;
            connectNow = true;
          }
        }
      }
    }
    if (c != null) {
      return c.send(call);
    } else if (connectNow) {
      connect();
    } else if (retryInMillis >= 0) {
      try {
        connector.schedule(this::retry, retryInMillis);
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          retryScheduled = false;
        }
        failWaiters(Connector.closedException());
      }
    }
    return null;
  }

  private void retry() {
    synchronized (this) {
      retryScheduled = false;
      waiters.removeIf(PendingCall::isDone);
      waitingBytes = bytesOf(waiters);
      if (connector.isClosed() || connecting || waiters.isEmpty()) {
        return;
      }
      ClientConnection c = current;
      if (c != null && c.isActive()) {
        return; // cannot happen while waiters exist, but harmless
      }
      connecting = true;
    }
    connect();
  }

  private void connect() {
    ChannelFuture future;
    try {
      future = connector.connect();
    } catch (RuntimeException e) { // event loop shut down
      onConnected(null, e);
      return;
    }
    if (!connector.tls()) {
      future.addListener((ChannelFuture f) -> onConnected(f, f.cause()));
      return;
    }
    // A TLS connection is up once its handshake is done; a failed handshake fails like a connect.
    future.addListener((ChannelFuture f) -> {
      SslHandler ssl = f.isSuccess() ? f.channel().pipeline().get(SslHandler.class) : null;
      if (ssl == null) {
        onConnected(f, f.isSuccess() ? new ClosedChannelException() : f.cause());
        return;
      }
      ssl.handshakeFuture().addListener(h -> {
        if (h.isSuccess()) {
          onConnected(f, null);
        } else {
          f.channel().close();
          onConnected(f, Tls.clientFailure(connector.address(), connector.serverName(), h.cause()));
        }
      });
    });
  }

  private void onConnected(ChannelFuture f, Throwable cause) {
    List<PendingCall> ready;
    ClientConnection connection = null;
    ConnectionException failure = null;
    synchronized (this) {
      connecting = false;
      ready = waiters;
      waiters = new ArrayList<>();
      waitingBytes = 0;
      if (f != null && f.isSuccess() && cause == null) {
        connection = Connector.connectionOf(f.channel());
        if (connector.isClosed() || connection == null) {
          f.channel().close();
          failure = Connector.closedException();
        } else if (!f.channel().isActive()) {
          // closed already (a ZeroMQ server's greeting is recognised as soon as it arrives): its
          // calls fail saying why, through send()
          current = connection;
          closed(connection);
        } else {
          current = connection;
          if (!wrongProtocol) {
            backoffMillis = 0;
            failedAttempts = 0;
          }
          nextAttemptNanos = 0;
          lastError = null;
          ClientConnection opened = connection;
          f.channel().closeFuture().addListener(closed -> closed(opened));
          log.debug("Connected to {} ({})", connector.address(), f.channel().localAddress());
        }
      } else {
        long cap = connector.maxBackoffMillis();
        backoffMillis = backoffMillis(++failedAttempts, cap);
        nextAttemptNanos = System.nanoTime() + backoffMillis * 1_000_000;
        lastErrorTls = cause instanceof TlsException;
        lastError = cause == null ? "unknown error"
            : lastErrorTls ? cause.getMessage() : Failures.describeConnectFailure(cause);
        log.debug("Cannot connect to {}: {}; next attempt in {} ms", connector.address(), lastError, backoffMillis);
      }
    }
    connector.limit().wake(); // the queue is empty: blocking callers waiting for room try again
    String message = failure != null ? failure.getMessage()
        : cause instanceof TlsException ? cause.getMessage()
        : "Cannot connect to " + connector.address() + ": " + lastError;
    for (PendingCall call : ready) {
      if (call.isDone()) {
        continue;
      }
      if (connection != null && failure == null) {
        ZeroException refused = connection.send(call);
        if (refused != null) {
          call.fail(refused);
        }
      } else {
        call.fail(cause instanceof TlsException && failure == null ? new TlsException(message, cause.getCause())
            : cause != null && failure == null ? new ConnectionException(message, cause)
            : new ConnectionException(message));
      }
    }
  }

  /**
   * A connection closed. If the server speaks ZeroMQ, the next attempt waits (100 ms, doubling up
   * to {@code maxReconnectBackoff}), as after a failed connect: calls made meanwhile that cannot
   * wait fail at once saying why, and a ZeroMQ server does not see a connection per call.
   */
  private void closed(ClientConnection connection) {
    String reason = connection.wrongProtocol();
    synchronized (this) {
      wrongProtocol = reason != null;
      if (reason == null) {
        return;
      }
      long cap = connector.maxBackoffMillis();
      backoffMillis = backoffMillis(++failedAttempts, cap);
      nextAttemptNanos = System.nanoTime() + backoffMillis * 1_000_000;
      lastError = reason;
      lastErrorTls = connection.tlsFailure();
    }
  }

  private void failWaiters(ConnectionException e) {
    List<PendingCall> ready;
    synchronized (this) {
      ready = waiters;
      waiters = new ArrayList<>();
      waitingBytes = 0;
    }
    for (PendingCall call : ready) {
      call.fail(new ConnectionException(e.getMessage()));
    }
    connector.limit().wake();
  }

  /** Fails the calls waiting for a connection and closes the current one (its calls fail too). */
  void close() {
    failWaiters(Connector.closedException());
    ClientConnection c;
    synchronized (this) {
      c = current;
    }
    if (c != null) {
      c.close("Client closed");
    }
  }
}
