package io.zeroapi.internal.tcp;

import io.netty.util.Timeout;
import io.zeroapi.CallTimeoutException;
import io.zeroapi.ZeroException;
import io.zeroapi.internal.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One call of the client, from {@code call()} until it completes or fails. Thread-safe. */
final class PendingCall implements OutboundFrame {
  private final String function;
  private final byte[] request;
  private final long timeoutMillis;
  private final long deadlineNanos;
  final CompletableFuture<Reply> future;

  /** One-in-flight mode: the pool slot this call holds, set before it is dispatched there. */
  volatile TcpClientTransport.Slot slot;
  /** One-in-flight mode: whether the slot was handed on (exactly once). */
  final AtomicBoolean released = new AtomicBoolean();

  volatile Timeout timeout;
  private volatile int id;
  private volatile ClientConnection connection;

  PendingCall(String function, byte[] request, long timeoutMillis) {
    this(function, request, timeoutMillis, null);
  }

  /**
   * @param onDone runs once when the future completes, however (reply, failure, timeout or the
   *     caller's cancel), after its dependents; may be null
   */
  PendingCall(String function, byte[] request, long timeoutMillis, Consumer<PendingCall> onDone) {
    this.future = onDone == null ? new CompletableFuture<>() : new CallFuture(this, onDone);
    this.function = function;
    this.request = request;
    this.timeoutMillis = timeoutMillis;
    this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : 0;
  }

  String function() {
    return function;
  }

  byte[] request() {
    return request;
  }

  @Override
  public int frameId() {
    return id;
  }

  @Override
  public boolean frameError() {
    return false;
  }

  @Override
  public byte[] framePayload() {
    return request;
  }

  boolean isDone() {
    return future.isDone();
  }

  /** Milliseconds left before the call times out; {@link Long#MAX_VALUE} without a timeout. */
  long remainingMillis() {
    return timeoutMillis > 0 ? (deadlineNanos - System.nanoTime()) / 1_000_000 : Long.MAX_VALUE;
  }

  /** Records where the request was sent (before it is written). */
  void sentOn(ClientConnection connection, int id) {
    this.id = id;
    this.connection = connection;
  }

  boolean complete(Reply reply) {
    return future.complete(reply);
  }

  boolean fail(ZeroException e) {
    return future.completeExceptionally(e);
  }

  /** Removes the call from its connection's table of calls waiting for a reply, if it is there. */
  void forget() {
    ClientConnection c = connection;
    if (c != null) {
      c.forget(id, this);
    }
  }

  /** The timeout fired: fail and forget the call wherever it waits. */
  boolean timedOut() {
    if (isDone()) {
      return false;
    }
    forget(); // first, so that the call is gone once its future fails
    return fail(
        new CallTimeoutException(
            "Call to `" + function + "` timed out after " + timeoutMillis + " ms"));
  }

  /**
   * The call's future, which runs the transport's completion hook itself instead of through a
   * {@code whenComplete} stage (that would cost a future, a completion node and a lambda per call).
   * Every way the transport and {@code ClientCore} complete it goes through the three overridden
   * methods ({@code orTimeout} and {@code completeOnTimeout} do too).
   */
  private static final class CallFuture extends CompletableFuture<Reply> {
    private static final Logger log = LoggerFactory.getLogger(CallFuture.class);
    private final PendingCall call;
    private final Consumer<PendingCall> onDone;

    CallFuture(PendingCall call, Consumer<PendingCall> onDone) {
      this.call = call;
      this.onDone = onDone;
    }

    @Override
    public boolean complete(Reply value) {
      return done(super.complete(value));
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      return done(super.completeExceptionally(ex));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return done(super.cancel(mayInterruptIfRunning));
    }

    private boolean done(boolean completedNow) {
      if (completedNow) {
        try {
          onDone.accept(call);
        } catch (RuntimeException e) {
          log.warn("Completion of a call failed", e);
        }
      }
      return completedNow;
    }
  }
}
