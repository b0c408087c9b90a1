package io.zeroapi.internal.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.zeroapi.ConnectionException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroException;
import io.zeroapi.codec.Codec;
import io.zeroapi.internal.ClientSettings;
import io.zeroapi.internal.ClientTransport;
import io.zeroapi.internal.Reply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw TCP client on Netty: a pool of {@code connections()} connections, each opened on first
 * need and reopened after it is lost; calls go round-robin. Multiplexed mode sends any number of
 * calls on a connection at once; otherwise a connection carries one call at a time (like the Python
 * client) and further calls wait in one FIFO queue. A failed connection attempt delays the next one
 * (100 ms, doubling, capped at {@code maxReconnectBackoff()}); calls never hang on it.
 *
 * <p>Futures complete on the transport's I/O or timer thread: dependents must not block.
 */
public final class TcpClientTransport implements ClientTransport {
  private static final Logger log = LoggerFactory.getLogger(TcpClientTransport.class);
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  static final long INITIAL_BACKOFF_MILLIS = 100;

  /** Call timeouts of every client: one daemon thread, 10 ms ticks, never stopped. */
  private static final class Timer {
    static final HashedWheelTimer INSTANCE =
        new HashedWheelTimer(
            r -> {
              Thread t = new Thread(r, "zero-tcp-client-timer");
              t.setDaemon(true);
              return t;
            },
            10,
            TimeUnit.MILLISECONDS,
            512);
  }

  private final ClientSettings settings;
  private final Codec codec;
  private final String address;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Slot[] slots;
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final Object queueLock = new Object();
  private final ArrayDeque<PendingCall> queue = new ArrayDeque<>(); // one-in-flight mode only
  private volatile boolean closed;
  private final java.util.function.Consumer<PendingCall> finished = this::finished;

  public TcpClientTransport(ClientSettings settings, Codec codec) {
    if (settings.connections() < 1) {
      throw new IllegalArgumentException("connections must be >= 1: " + settings.connections());
    }
    this.settings = settings;
    this.codec = codec;
    this.address = settings.address();
    NettyIo io = NettyIo.select();
    log.debug("TCP client for {} uses {}", address, io.name());
    ThreadFactory threads =
        r -> {
          Thread t = new FastThreadLocalThread(r, "zero-tcp-client-" + THREAD_NUMBER.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.group = new MultiThreadIoEventLoopGroup(1, threads, io.ioHandlerFactory());
    int maxFrame = settings.maxFrameBytes();
    long connectTimeout = Math.max(1, Math.min(settings.connectTimeout().toMillis(), Integer.MAX_VALUE));
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(io.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout)
            .remoteAddress(settings.host(), settings.port())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast("frames", new FrameDecoder(maxFrame, 0))
                        .addLast("replies", new ClientConnection(address));
                  }
                });
    this.slots = new Slot[settings.connections()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code timeoutMillis <= 0} means no timeout.
   */
  @Override
  public CompletableFuture<Reply> call(String function, Object argument, long timeoutMillis) {
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    byte[] request;
    try {
      request = codec.encodeRequest(function, argument);
    } catch (ZeroException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new ValidationException(
              "Cannot encode the argument of `" + function + "`: " + TcpServerTransport.describe(e),
              e));
    }
    PendingCall call = new PendingCall(function, request, timeoutMillis, finished);
    if (timeoutMillis > 0) {
      try {
        call.timeout =
            Timer.INSTANCE.newTimeout(t -> timedOut(call), timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (IllegalStateException | RejectedExecutionException e) { // cannot happen: never stopped
        call.fail(new ConnectionException("Cannot schedule the call's timeout: " + e));
        return call.future;
      }
    }
    if (settings.multiplexed()) {
      Slot slot = slots[Math.floorMod(roundRobin.getAndIncrement(), slots.length)];
      ConnectionException failure = slot.dispatch(call);
      if (failure != null) {
        call.fail(failure);
      }
      return call.future;
    }
    Slot slot = null;
    boolean isClosed;
    synchronized (queueLock) {
      isClosed = closed;
      if (!isClosed) {
        int start = roundRobin.getAndIncrement();
        for (int i = 0; i < slots.length; i++) {
          Slot candidate = slots[Math.floorMod(start + i, slots.length)];
          if (!candidate.busy) {
            slot = candidate;
            slot.busy = true;
            break;
          }
        }
        if (slot == null) {
          queue.add(call);
          return call.future;
        }
        call.slot = slot;
      }
    }
    if (isClosed) {
      call.fail(closedException()); // futures are never completed under our locks
      return call.future;
    }
    ConnectionException failure = slot.dispatch(call);
    if (failure != null) {
      call.fail(failure); // its completion hands the slot on
    }
    return call.future;
  }

  private void timedOut(PendingCall call) {
    if (call.timedOut() && !settings.multiplexed()) {
      synchronized (queueLock) {
        queue.remove(call);
      }
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
    Slot slot = call.slot;
    if (slot != null && call.released.compareAndSet(false, true)) {
      handOn(slot);
    }
  }

  /** One-in-flight mode: gives a freed slot to the next queued call, or marks it free. */
  private void handOn(Slot slot) {
    while (true) {
      PendingCall next;
      boolean isClosed;
      synchronized (queueLock) {
        do {
          next = queue.poll();
        } while (next != null && next.isDone());
        isClosed = closed;
        if (next == null || isClosed) {
          slot.busy = false;
        } else {
          next.slot = slot;
        }
      }
      if (next == null) {
        return;
      }
      if (isClosed) {
        next.fail(closedException());
        return;
      }
      if (next.isDone()) { // timed out just now
        if (next.released.compareAndSet(false, true)) {
          continue;
        }
        return; // its completion hands the slot on
      }
      ConnectionException failure = slot.dispatch(next);
      if (failure == null) {
        return; // its completion hands the slot on
      }
      boolean mine = next.released.compareAndSet(false, true);
      next.fail(failure);
      if (!mine) {
        return;
      }
    }
  }

  @Override
  public void close() {
    List<PendingCall> queued;
    synchronized (queueLock) {
      if (closed) {
        return;
      }
      closed = true;
      queued = new ArrayList<>(queue);
      queue.clear();
    }
    for (PendingCall call : queued) {
      call.fail(closedException());
    }
    for (Slot slot : slots) {
      slot.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Test hook: the id the next request on each open connection will carry. */
  void setNextRequestId(int id) {
    for (Slot slot : slots) {
      ClientConnection c = slot.current;
      if (c != null) {
        c.setNextRequestId(id);
      }
    }
  }

  /** Calls waiting for a reply on all connections (for tests). */
  int pendingCount() {
    int n = 0;
    for (Slot slot : slots) {
      ClientConnection c = slot.current;
      if (c != null) {
        n += c.pendingCount();
      }
    }
    return n;
  }

  /**
   * A short cause of a connect or bind failure for messages: Netty's native transport says e.g.
   * {@code finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:5559}, which
   * becomes {@code Connection refused}.
   */
  static String describeConnectFailure(Throwable cause) {
    if (cause instanceof java.net.UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    String text = TcpServerTransport.describe(cause);
    text = text.replaceFirst("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
    text = text.replaceFirst(": [^ ]*/[0-9a-fA-F.:\\[\\]]+:\\d+$", "");
    return text;
  }

  private static ConnectionException closedException() {
    return new ConnectionException("Client closed");
  }

  /** One position of the pool: its current connection, connecting state and backoff. */
  final class Slot {
    volatile ClientConnection current;
    /** One-in-flight mode: whether a call holds this slot; guarded by queueLock. */
    boolean busy;

    // guarded by this
    private boolean connecting;
    private boolean retryScheduled;
    private List<PendingCall> waiters = new ArrayList<>();
    private long backoffMillis;
    private long nextAttemptNanos;
    private String lastError;

    /**
     * Sends the call, or parks it until the connection is up.
     *
     * @return null if the call was taken, else why it cannot be (the caller fails it)
     */
    ConnectionException dispatch(PendingCall call) {
      ClientConnection c = current;
      if (c != null && c.isActive()) {
        c.send(call);
        return null;
      }
      boolean connectNow = false;
      long retryInMillis = -1;
      synchronized (this) {
        c = current;
        if (c == null || !c.isActive()) {
          c = null;
          if (closed) {
            return closedException();
          }
          waiters.add(call);
          if (!connecting) {
            long wait = nextAttemptNanos - System.nanoTime();
            if (wait > 0 && lastError != null) {
              long waitMillis = (wait + 999_999) / 1_000_000;
              if (call.remainingMillis() <= waitMillis) {
                waiters.remove(waiters.size() - 1);
                return new ConnectionException(
                    "Cannot connect to " + address + " (last error: " + lastError
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
        c.send(call);
      } else if (connectNow) {
        connect();
      } else if (retryInMillis >= 0) {
        try {
          group.schedule(this::retry, retryInMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          synchronized (this) {
            retryScheduled = false;
          }
          failWaiters(closedException());
        }
      }
      return null;
    }

    private void retry() {
      synchronized (this) {
        retryScheduled = false;
        waiters.removeIf(PendingCall::isDone);
        if (closed || connecting || waiters.isEmpty()) {
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
        future = bootstrap.connect();
      } catch (RuntimeException e) { // event loop shut down
        onConnected(null, e);
        return;
      }
      future.addListener((ChannelFuture f) -> onConnected(f, f.cause()));
    }

    private void onConnected(ChannelFuture f, Throwable cause) {
      List<PendingCall> ready;
      ClientConnection connection = null;
      ConnectionException failure = null;
      synchronized (this) {
        connecting = false;
        ready = waiters;
        waiters = new ArrayList<>();
        if (f != null && f.isSuccess()) {
          connection = f.channel().pipeline().get(ClientConnection.class);
          if (closed || connection == null) {
            f.channel().close();
            failure = closedException();
          } else {
            current = connection;
            backoffMillis = 0;
            nextAttemptNanos = 0;
            lastError = null;
            log.debug("Connected to {} ({})", address, f.channel().localAddress());
          }
        } else {
          long cap = Math.max(1, settings.maxReconnectBackoff().toMillis());
          backoffMillis =
              backoffMillis == 0
                  ? Math.min(INITIAL_BACKOFF_MILLIS, cap)
                  : Math.min(backoffMillis * 2, cap);
          nextAttemptNanos = System.nanoTime() + backoffMillis * 1_000_000;
          lastError = cause == null ? "unknown error" : describeConnectFailure(cause);
          log.debug("Cannot connect to {}: {}; next attempt in {} ms", address, lastError, backoffMillis);
        }
      }
      String message = failure != null ? failure.getMessage() : "Cannot connect to " + address + ": " + lastError;
      for (PendingCall call : ready) {
        if (call.isDone()) {
          continue;
        }
        if (connection != null && failure == null) {
          connection.send(call);
        } else {
          call.fail(cause != null && failure == null
              ? new ConnectionException(message, cause)
              : new ConnectionException(message));
        }
      }
    }

    private void failWaiters(ConnectionException e) {
      List<PendingCall> ready;
      synchronized (this) {
        ready = waiters;
        waiters = new ArrayList<>();
      }
      for (PendingCall call : ready) {
        call.fail(new ConnectionException(e.getMessage()));
      }
    }

    void close() {
      failWaiters(closedException());
      ClientConnection c;
      synchronized (this) {
        c = current;
      }
      if (c != null) {
        c.close("Client closed");
      }
    }
  }
}
