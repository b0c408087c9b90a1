package io.zeroapi.internal;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.OutboundBufferFullException;
import io.zeroapi.RemoteException;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.TooManyPendingCallsException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroException;
import io.zeroapi.codec.Codec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the blocking and the async client share: the transport, the codec and the default timeout.
 * Encodes the argument, hands the bytes to the transport with the call's deadline, and turns the
 * reply bytes into a value or a typed exception. Thread-safe.
 */
public final class ClientCore implements AutoCloseable {
  /**
   * Extra time a blocking caller waits beyond the deadline: the transport enforces the deadline,
   * this only guards against a transport that fails to.
   */
  private static final long SAFETY_MARGIN_MILLIS = 1_000;

  /** Calls that may wait for their replies at once, by default. */
  public static final int DEFAULT_MAX_PENDING_CALLS = 10_000;

  private final ClientTransport transport;
  private final Codec codec;
  private final Duration defaultTimeout;
  private final int maxPendingCalls;
  private final AtomicInteger pending = new AtomicInteger();

  public ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout) {
    this(transport, codec, defaultTimeout, DEFAULT_MAX_PENDING_CALLS);
  }

  /**
   * @param maxPendingCalls calls that may wait for their replies at once; beyond it a call fails at
   *     once with {@link TooManyPendingCallsException}, unsent
   */
  public ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout, int maxPendingCalls) {
    this.transport = transport;
    this.codec = codec;
    this.defaultTimeout = defaultTimeout;
    this.maxPendingCalls = maxPendingCalls;
  }

  /** Calls waiting for their replies now (for tests). */
  int pendingCalls() {
    return pending.get();
  }

  /** The transport (for tests). */
  public ClientTransport transport() {
    return transport;
  }

  /** The codec of arguments and results (proxies check their types with it when they are made). */
  public Codec codec() {
    return codec;
  }

  /** Sends a call and decodes its reply into {@code type}; the future fails only with {@link ZeroException}s. */
  public <R> CompletableFuture<R> callAsync(String function, Object argument, Type type, Duration timeout) {
    Deadline deadline = deadline(timeout);
    CompletableFuture<Reply> sent;
    try {
      sent = send(function, encode(function, argument), deadline);
    } catch (ZeroException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    sent.whenComplete((reply, failure) -> {
      if (failure != null) {
        result.completeExceptionally(rethrow(failure));
        return;
      }
      try {
        result.complete(decode(function, reply, type));
      } catch (RuntimeException e) {
        result.completeExceptionally(rethrow(e));
      }
    });
    return result;
  }

  /**
   * Sends a call and blocks for its decoded reply. A call refused because the connection's
   * outbound buffer is full ({@link OutboundBufferFullException}, unsent) waits for room and is
   * sent again, within its deadline.
   */
  public <R> R call(String function, Object argument, Type type, Duration timeout) {
    Deadline deadline = deadline(timeout);
    byte[] encoded = encode(function, argument);
    CompletableFuture<Reply> future = send(function, encoded, deadline);
    Reply reply;
    while (true) {
      try {
        reply = future.get(deadline.remainingMillis() + SAFETY_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
        break;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof OutboundBufferFullException full)) {
          throw rethrow(e.getCause());
        }
        future = sendWhenRoom(function, encoded, deadline, full);
      } catch (TimeoutException e) {
        future.cancel(false);
        throw deadline.timedOut(function);
      } catch (InterruptedException e) {
        future.cancel(false);
        Thread.currentThread().interrupt();
        throw new ZeroException("Interrupted while waiting for `" + function + "`", e);
      }
    }
    return decode(function, reply, type);
  }

  /**
   * Backpressure for a blocking caller: sends the refused call again once the transport has room,
   * waiting at most until its deadline (then {@link CallTimeoutException}, the call unsent).
   */
  private CompletableFuture<Reply> sendWhenRoom(String function, byte[] encoded, Deadline deadline,
      OutboundBufferFullException full) {
    CompletableFuture<Void> room = transport.outboundRoom(); // before trying again: a wake after this is not lost
    if (room == null) {
      throw full;
    }
    CompletableFuture<Reply> again = send(function, encoded, deadline);
    if (!(failureOf(again) instanceof OutboundBufferFullException)) {
      return again;
    }
    try {
      room.get(Math.max(0, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CallTimeoutException("Call to `" + function + "` not sent within its timeout of "
          + deadline.timeoutMillis() + " ms: the connection's outbound buffer stayed full (" + full.getMessage() + ")");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZeroException("Interrupted while waiting to send `" + function + "`", e);
    }
    return send(function, encoded, deadline);
  }

  /** The failure of a future that failed already, else null. */
  private static Throwable failureOf(CompletableFuture<?> future) {
    if (!future.isCompletedExceptionally()) {
      return null;
    }
    try {
      future.join();
      return null;
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      return e.getCause();
    }
  }

  private byte[] encode(String function, Object argument) {
    Objects.requireNonNull(function, "function");
    try {
      return argument == null ? null : codec.encode(argument);
    } catch (ZeroException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ValidationException("Cannot encode the argument of `" + function + "`: " + e.getMessage(), e);
    }
  }

  private CompletableFuture<Reply> send(String function, byte[] encoded, Deadline deadline) {
    if (pending.incrementAndGet() > maxPendingCalls) {
      pending.decrementAndGet();
      throw new TooManyPendingCallsException("Call to `" + function + "` not sent: " + maxPendingCalls
          + " calls of this client are waiting for their replies (maxPendingCalls)");
    }
    CompletableFuture<Reply> sent;
    try {
      sent = transport.call(function, encoded, deadline);
    } catch (RuntimeException e) {
      pending.decrementAndGet();
      throw e;
    }
    sent.whenComplete((reply, failure) -> pending.decrementAndGet()); // replied, failed, timed out or cancelled
    return sent;
  }

  /** Turns a raw reply into the value of {@code type}, or throws the exception the reply carries. */
  @SuppressWarnings("unchecked")
  public <R> R decode(String function, Reply reply, Type type) {
    byte[] payload = reply.payload();
    ErrorReplies.ErrorReply error = ErrorReplies.parse(payload, codec);
    if (error != null) {
      throw toException(error);
    }
    if (reply.errorFlag()) {
      throw new RemoteException(String.valueOf(codec.decode(payload, 0, payload.length, Object.class)));
    }
    if (type == void.class || type == Void.class || payload.length == 0) {
      return null;
    }
    try {
      return (R) codec.decode(payload, 0, payload.length, type);
    } catch (ValidationException e) {
      throw new ValidationException("Result of `" + function + "`: " + e.getMessage(), e);
    }
  }

  private static ZeroException toException(ErrorReplies.ErrorReply error) {
    return switch (error.key()) {
      case ErrorKeys.FUNCTION_NOT_FOUND -> new FunctionNotFoundException(error.message());
      case ErrorKeys.VALIDATION_ERROR -> new ValidationException(error.message());
      case ErrorKeys.SERVER_EXCEPTION -> ErrorKeys.isRefusal(error.message())
          ? new ServerUnavailableException(error.message())
          : new RemoteException(error.message());
      default -> new RemoteException(error.key() + ": " + error.message());
    };
  }

  /** The {@link ZeroException} a failure stands for (unwrapping CompletionException). */
  private static ZeroException rethrow(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ZeroException zero) {
      return zero;
    }
    return new ZeroException("Call failed: " + cause, cause);
  }

  private Deadline deadline(Duration timeout) {
    Duration effective = timeout == null || timeout.isZero() ? defaultTimeout : timeout;
    if (effective.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + effective);
    }
    return Deadline.after(Math.max(1, effective.toMillis()));
  }

  @Override
  public void close() {
    transport.close();
  }
}
