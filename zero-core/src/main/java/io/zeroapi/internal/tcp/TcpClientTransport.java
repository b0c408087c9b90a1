package io.zeroapi.internal.tcp;

import io.netty.util.HashedWheelTimer;
import io.zeroapi.ConnectionException;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.Deadline;
import io.zeroapi.internal.OutboundLimit;
import io.zeroapi.internal.Reply;
import io.zeroapi.internal.WriteMark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The raw TCP client on Netty: wraps each call's argument bytes in the request envelope {@code
 * {"fn": name, "data": argument}}, fails it at its deadline, and hands it to a {@link
 * ConnectionPool} of {@code connections()} connections: {@link MultiplexedPool} by default, {@link
 * OneInFlightPool} when {@code multiplexed()} is false.
 *
 * <p>Futures complete on the transport's I/O or timer thread: dependents must not block.
 */
public final class TcpClientTransport implements ClientTransport {

  /**
   * Call deadlines of every open client: one daemon thread with 10 ms ticks, started by the first
   * client and stopped when the last one closes, so that a closed client leaves no thread behind.
   */
  static final class Timer {
    private static final String THREAD_NAME = "zero-tcp-client-timer";
    private static HashedWheelTimer shared; // guarded by Timer.class
    private static int users; // guarded by Timer.class

    private Timer() {}

    static synchronized HashedWheelTimer acquire() {
      if (users++ == 0) {
        shared = new HashedWheelTimer(
            r -> {
              Thread t = new Thread(r, THREAD_NAME);
              t.setDaemon(true);
              return t;
            },
            10,
            TimeUnit.MILLISECONDS,
            512);
      }
      return shared;
    }

    static void release() {
      HashedWheelTimer stopping;
      synchronized (Timer.class) {
        if (--users > 0) {
          return;
        }
        stopping = shared;
        shared = null;
      }
      // Its timeouts belong to calls the closed clients failed already. stop() joins the timer's
      // thread, which cannot join itself: a client closed from a timeout's callback stops it from another.
      if (Thread.currentThread().getName().equals(THREAD_NAME)) {
        Thread.ofPlatform().name(THREAD_NAME + "-stop").daemon(true).start(stopping::stop);
      } else {
        stopping.stop();
      }
    }
  }

  /** Envelope prefixes of the functions called so far, up to {@link #MAX_CACHED_PREFIXES}. */
  private static final int MAX_CACHED_PREFIXES = 256;

  private final ConcurrentHashMap<String, byte[]> prefixes = new ConcurrentHashMap<>();
  private final Connector connector;
  private final ConnectionPool pool;
  private final Consumer<PendingCall> finished = this::finished;
  private final Object lifecycle = new Object();
  private final ClientSettings settings;
  private final HashedWheelTimer timer;
  private final OutboundLimit limit;

  public TcpClientTransport(ClientSettings settings) {
    this.settings = settings;
    if (settings.connections() < 1) {
      throw new IllegalArgumentException("connections must be >= 1: " + settings.connections());
    }
    this.limit = new OutboundLimit(settings.maxOutboundBytes());
    this.connector = new Connector(settings, limit);
    this.pool = settings.multiplexed()
        ? new MultiplexedPool(connector, settings.connections())
        : new OneInFlightPool(connector, settings.connections(), limit);
    this.timer = Timer.acquire();
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline) {
    return call(function, argument, deadline, null);
  }

  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, Deadline deadline, WriteMark mark) {
    return call(function, argument, null, deadline, mark);
  }

  /** As the others, with the call's header as the envelope's {@code "headers"} entry. */
  @Override
  public CompletableFuture<Reply> call(String function, byte[] argument, byte[] header, Deadline deadline,
      WriteMark mark) {
    if (connector.isClosed()) {
      return CompletableFuture.failedFuture(Connector.closedException());
    }
    byte[] prefix = header == null ? prefix(function) : TcpEnvelope.prefix(prefix(function), header);
    byte[] data = argument == null ? TcpEnvelope.NIL : argument;
    long frameLength = (long) Frame.ID_AND_FLAG + prefix.length + data.length; // the length field's value
    if (frameLength > settings.maxFrameBytes()) {
      // A server with the same limit would close the connection, failing the other calls on it too.
      return CompletableFuture.failedFuture(settings.argumentTooLarge(function, frameLength, true));
    }
    PendingCall call = new PendingCall(function, prefix, data, deadline, finished, mark);
    try {
      call.timeout = timer.newTimeout(
          t -> timedOut(call), Math.max(1, deadline.nanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (IllegalStateException | RejectedExecutionException e) { // stopped: this client was closed meanwhile
      call.fail(connector.isClosed() ? Connector.closedException()
          : new ConnectionException("Cannot schedule the call's timeout: " + e));
      return call.future;
    }
    pool.send(call);
    return call.future;
  }

  private byte[] prefix(String function) {
    byte[] prefix = prefixes.get(function);
    if (prefix == null) {
      prefix = TcpEnvelope.prefix(function);
      if (prefixes.size() < MAX_CACHED_PREFIXES) {
        prefixes.putIfAbsent(function, prefix);
      }
    }
    return prefix;
  }

  private void timedOut(PendingCall call) {
    if (call.timedOut()) {
      pool.timedOut(call);
    }
  }

  /** Runs once per call when its future completes, however. */
  private void finished(PendingCall call) {
    var t = call.timeout;
    if (t != null) {
      t.cancel();
    }
    if (call.future.isCancelled()) {
      call.forget(); // cancelled by the caller: its late reply will be dropped
    }
    pool.finished(call);
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (connector.isClosed()) {
        return;
      }
      connector.markClosed();
    }
    pool.close();
    connector.shutdown();
    Timer.release();
  }

  @Override
  public CompletableFuture<Void> outboundRoom() {
    return limit.room();
  }

  @Override
  public long outboundBytes() {
    long n = pool instanceof OneInFlightPool queue ? queue.queuedBytes() : 0;
    for (ConnectionSlot slot : pool.slots()) {
      n += slot.waitingBytes();
      ClientConnection c = slot.current;
      if (c != null) {
        n += c.queuedBytes();
      }
    }
    return n;
  }

  /** Test hook: the id the next request on each open connection will carry. */
  void setNextRequestId(int id) {
    for (ConnectionSlot slot : pool.slots()) {
      ClientConnection c = slot.current;
      if (c != null) {
        c.setNextRequestId(id);
      }
    }
  }

  /** Calls waiting for a reply on all connections (for tests). */
  int pendingCount() {
    int n = 0;
    for (ConnectionSlot slot : pool.slots()) {
      ClientConnection c = slot.current;
      if (c != null) {
        n += c.pendingCount();
      }
    }
    return n;
  }
}
