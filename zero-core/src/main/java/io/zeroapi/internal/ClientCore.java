package io.zeroapi.internal;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.ClientCall;
import io.zeroapi.ClientInterceptor;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.Metadata;
import io.zeroapi.OutboundBufferFullException;
import io.zeroapi.RemoteException;
import io.zeroapi.ServerCall;
import io.zeroapi.ServerUnavailableException;
import io.zeroapi.TooManyPendingCallsException;
import io.zeroapi.UnauthenticatedException;
import io.zeroapi.ValidationException;
import io.zeroapi.ZeroException;
import io.zeroapi.codec.Codec;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
  private final AtomicInteger pending;
  private final ClientInterceptor[] interceptors;
  private final boolean deadlinePropagation;
  private final Metadata metadata;

  public ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout) {
    this(transport, codec, defaultTimeout, DEFAULT_MAX_PENDING_CALLS);
  }

  /**
   * @param maxPendingCalls calls that may wait for their replies at once; beyond it a call fails at
   *     once with {@link TooManyPendingCallsException}, unsent
   */
  public ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout, int maxPendingCalls) {
    this(transport, codec, defaultTimeout, maxPendingCalls, List.of(), true);
  }

  /**
   * @param maxPendingCalls as above
   * @param interceptors run around every call, the first one outermost
   * @param deadlinePropagation whether calls tell the server how long their caller waits
   */
  public ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout, int maxPendingCalls,
      List<ClientInterceptor> interceptors, boolean deadlinePropagation) {
    this(transport, codec, defaultTimeout, maxPendingCalls, new AtomicInteger(),
        interceptors.toArray(new ClientInterceptor[0]), deadlinePropagation, Metadata.empty());
  }

  private ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout, int maxPendingCalls,
      AtomicInteger pending, ClientInterceptor[] interceptors, boolean deadlinePropagation, Metadata metadata) {
    this.transport = transport;
    this.codec = codec;
    this.defaultTimeout = defaultTimeout;
    this.maxPendingCalls = maxPendingCalls;
    this.pending = pending;
    this.interceptors = interceptors;
    this.deadlinePropagation = deadlinePropagation;
    this.metadata = metadata;
  }

  /**
   * A core that shares this one's transport, settings and cap of pending calls, and sends {@code
   * more} with every call besides this one's metadata.
   */
  public ClientCore withMetadata(Metadata more) {
    return new ClientCore(transport, codec, defaultTimeout, maxPendingCalls, pending, interceptors,
        deadlinePropagation, metadata.with(more));
  }

  /** The metadata every call of this core carries. */
  public Metadata metadata() {
    return metadata;
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
    if (interceptors.length > 0) {
      return intercepted(function, argument, type, deadline);
    }
    return sendAndDecode(function, argument, metadata, type, deadline);
  }

  /** The call through the interceptors; the future fails only with {@link ZeroException}s. */
  @SuppressWarnings("unchecked")
  private <R> CompletableFuture<R> intercepted(String function, Object argument, Type type, Deadline deadline) {
    Objects.requireNonNull(function, "function");
    CompletableFuture<R> result = new CompletableFuture<>();
    CompletionStage<?> outcome = new Chain(0, type, deadline).proceed(new Call(function, argument, metadata, deadline));
    outcome.whenComplete((value, failure) -> {
      if (failure != null) {
        result.completeExceptionally(rethrow(failure));
      } else {
        result.complete((R) value);
      }
    });
    return result;
  }

  /** One step of the client's chain: the interceptor at {@code index}, or past the last one the transport. */
  private final class Chain implements ClientInterceptor.Next {
    private final int index;
    private final Type type;
    private final Deadline deadline;

    Chain(int index, Type type, Deadline deadline) {
      this.index = index;
      this.type = type;
      this.deadline = deadline;
    }

    @Override
    public CompletionStage<?> proceed(ClientCall call) {
      try {
        if (index < interceptors.length) {
          CompletionStage<?> stage = interceptors[index].intercept(call, new Chain(index + 1, type, deadline));
          return stage != null ? stage : CompletableFuture.failedFuture(new ZeroException(
              "ClientInterceptor " + interceptors[index].getClass().getName() + " returned null"));
        }
        return sendAndDecode(call.function(), call.argument(), call.metadata(), type, deadline);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(rethrow(e));
      }
    }
  }

  /** A call as client interceptors see it. */
  private record Call(String function, Object argument, Metadata metadata, Deadline deadline) implements ClientCall {
    @Override
    public Duration timeout() {
      return Duration.ofMillis(deadline.timeoutMillis());
    }

    @Override
    public ClientCall withMetadata(String key, String value) {
      return new Call(function, argument, metadata.with(key, value), deadline);
    }
  }

  private <R> CompletableFuture<R> sendAndDecode(String function, Object argument, Metadata metadata, Type type,
      Deadline deadline) {
    CompletableFuture<Reply> sent;
    try {
      sent = send(function, encode(function, argument), metadata, deadline);
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
    if (interceptors.length > 0) {
      return await(intercepted(function, argument, type, deadline), function, deadline);
    }
    byte[] encoded = encode(function, argument);
    CompletableFuture<Reply> future = send(function, encoded, metadata, deadline);
    while (true) {
      try {
        return decode(function, await(future, function, deadline), type);
      } catch (OutboundBufferFullException full) {
        future = sendWhenRoom(function, encoded, metadata, deadline, full);
      }
    }
  }

  /** Waits for a call's future, a little beyond its deadline (the transport enforces the deadline). */
  private static <T> T await(CompletableFuture<T> future, String function, Deadline deadline) {
    try {
      return future.get(deadline.remainingMillis() + SAFETY_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (TimeoutException e) {
      future.cancel(false);
      throw deadline.timedOut(function);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new ZeroException("Interrupted while waiting for `" + function + "`", e);
    }
  }

  /**
   * Backpressure for a blocking caller: sends the refused call again once the transport has room,
   * waiting at most until its deadline (then {@link CallTimeoutException}, the call unsent).
   */
  private CompletableFuture<Reply> sendWhenRoom(String function, byte[] encoded, Metadata metadata, Deadline deadline,
      OutboundBufferFullException full) {
    CompletableFuture<Void> room = transport.outboundRoom(); // before trying again: a wake after this is not lost
    if (room == null) {
      throw full;
    }
    CompletableFuture<Reply> again = send(function, encoded, metadata, deadline);
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
    return send(function, encoded, metadata, deadline);
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

  private CompletableFuture<Reply> send(String function, byte[] encoded, Metadata metadata, Deadline deadline) {
    if (pending.incrementAndGet() > maxPendingCalls) {
      pending.decrementAndGet();
      throw new TooManyPendingCallsException("Call to `" + function + "` not sent: " + maxPendingCalls
          + " calls of this client are waiting for their replies (maxPendingCalls)");
    }
    CompletableFuture<Reply> sent;
    try {
      byte[] header = CallHeader.encode(deadlinePropagation ? deadline.remainingMillis() : 0, metadata);
      sent = transport.call(function, encoded, header, deadline, null);
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
      case ErrorKeys.SERVER_EXCEPTION -> {
        String text = error.message();
        if (ErrorKeys.isRefusal(text)) {
          yield new ServerUnavailableException(text);
        } else if (text.startsWith(UnauthenticatedException.PREFIX)) {
          yield new UnauthenticatedException(text);
        } else if (text.startsWith(ErrorKeys.DEADLINE_EXCEEDED)) {
          yield new CallTimeoutException(text);
        }
        yield new RemoteException(text);
      }
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

  /**
   * The call's deadline: its timeout, but no later than the deadline of the server call this
   * thread runs, if any (a function calling another server passes on what its own caller left it,
   * with deadline propagation on).
   */
  private Deadline deadline(Duration timeout) {
    Duration effective = timeout == null || timeout.isZero() ? defaultTimeout : timeout;
    if (effective.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + effective);
    }
    long millis = effective.toMillis();
    if (deadlinePropagation) {
      ServerCall serving = CurrentCall.get();
      if (serving instanceof IncomingCall call && call.timeoutMillis() > 0) {
        millis = Math.min(millis, (call.deadlineNanos() - System.nanoTime()) / 1_000_000);
      }
    }
    return Deadline.after(Math.max(1, millis));
  }

  @Override
  public void close() {
    transport.close();
  }
}
