package io.zeroapi.internal;

import io.zeroapi.CallTimeoutException;
import io.zeroapi.FunctionNotFoundException;
import io.zeroapi.RemoteException;
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

/**
 * What {@code ZeroClient} and {@code AsyncZeroClient} share: the transport, the codec, the default
 * timeout, and turning raw replies into values or typed exceptions. Thread-safe.
 */
public final class ClientCore implements AutoCloseable {
  /** Extra time a blocking caller waits beyond the call timeout, in case the transport is late. */
  private static final long SAFETY_MARGIN_MILLIS = 1_000;

  private final ClientTransport transport;
  private final Codec codec;
  private final Duration defaultTimeout;

  public ClientCore(ClientTransport transport, Codec codec, Duration defaultTimeout) {
    this.transport = transport;
    this.codec = codec;
    this.defaultTimeout = defaultTimeout;
  }

  /** Sends a call; the future fails only with {@link ZeroException}s. */
  public CompletableFuture<Reply> send(String function, Object argument, Duration timeout) {
    return send(function, argument, timeoutMillis(timeout));
  }

  private CompletableFuture<Reply> send(String function, Object argument, long timeoutMillis) {
    return transport.call(Objects.requireNonNull(function, "function"), argument, timeoutMillis);
  }

  /** Sends a call and decodes its reply into {@code type}. */
  public <R> CompletableFuture<R> callAsync(String function, Object argument, Type type, Duration timeout) {
    CompletableFuture<R> result = new CompletableFuture<>();
    send(function, argument, timeout).whenComplete((reply, failure) -> {
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

  /** Sends a call and blocks for its decoded reply. */
  public <R> R call(String function, Object argument, Type type, Duration timeout) {
    long millis = timeoutMillis(timeout);
    CompletableFuture<Reply> future = send(function, argument, millis);
    Reply reply;
    try {
      reply = future.get(millis + SAFETY_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new CallTimeoutException("Call to `" + function + "` timed out after " + millis + " ms");
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new ZeroException("Interrupted while waiting for `" + function + "`", e);
    }
    return decode(function, reply, type);
  }

  /** Turns a raw reply into the value of {@code type}, or throws the exception the reply carries. */
  @SuppressWarnings("unchecked")
  public <R> R decode(String function, Reply reply, Type type) {
    byte[] payload = reply.payload();
    Codec.ErrorReply error = codec.decodeError(payload, 0, payload.length);
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

  private static ZeroException toException(Codec.ErrorReply error) {
    return switch (error.key()) {
      case ErrorKeys.FUNCTION_NOT_FOUND -> new FunctionNotFoundException(error.message());
      case ErrorKeys.VALIDATION_ERROR -> new ValidationException(error.message());
      case ErrorKeys.SERVER_EXCEPTION -> new RemoteException(error.message());
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

  private long timeoutMillis(Duration timeout) {
    Duration effective = timeout == null || timeout.isZero() ? defaultTimeout : timeout;
    if (effective.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + effective);
    }
    return Math.max(1, effective.toMillis());
  }

  @Override
  public void close() {
    transport.close();
  }
}
