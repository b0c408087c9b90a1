package io.zeroapi.internal.tcp;

import io.netty.util.Timeout;
import io.zeroapi.ZeroException;
import io.zeroapi.internal.Deadline;
import io.zeroapi.internal.Reply;
import io.zeroapi.internal.WriteMark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of the client, from {@code call()} until it completes or fails; also the request frame
 * it sends (its envelope prefix, then its argument's bytes). Thread-safe.
 */
final class PendingCall implements OutboundFrame {
  private final String function;
  private final byte[] envelopePrefix;
  private final byte[] argument;
  private final Deadline deadline;
  private final WriteMark mark;
  final CompletableFuture<Reply> future;

  /** One-in-flight pool: the connection slot this call holds, set before it is dispatched there. */
  volatile ConnectionSlot slot;
  /** One-in-flight pool: whether the slot was handed on (exactly once). */
  final AtomicBoolean released = new AtomicBoolean();

  volatile Timeout timeout;
  private volatile int id;
  private volatile ClientConnection connection;

  /**
   * @param argument the argument's MessagePack bytes, written after {@code envelopePrefix}
   * @param onDone runs once when the future completes, however (reply, failure, timeout or the
   *     caller's cancel), after its dependents; may be null
   * @param mark set when the call is handed to a connection; may be null
   */
  PendingCall(String function, byte[] envelopePrefix, byte[] argument, Deadline deadline, Consumer<PendingCall> onDone,
      WriteMark mark) {
    this.mark = mark;
    this.future = onDone == null ? new CompletableFuture<>() : new CallFuture(this, onDone);
    this.function = function;
    this.envelopePrefix = envelopePrefix;
    this.argument = argument;
    this.deadline = deadline;
  }

  String function() {
    return function;
  }

  Deadline deadline() {
    return deadline;
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
  public byte[] framePrefix() {
    return envelopePrefix;
  }

  @Override
  public byte[] framePayload() {
    return argument;
  }

  boolean isDone() {
    return future.isDone();
  }

  /** Records where the request was sent (before it is written). */
  void sentOn(ClientConnection connection, int id) {
    this.id = id;
    this.connection = connection;
  }

  /** The request is about to be written: from now on it may reach the server (see {@link WriteMark}). */
  void markWritten() {
    if (mark != null) {
      mark.markWritten();
    }
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

  /** The deadline passed: fail and forget the call wherever it waits. */
  boolean timedOut() {
    if (isDone()) {
      return false;
    }
    forget(); // first, so that the call is gone once its future fails
    return fail(deadline.timedOut(function));
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
