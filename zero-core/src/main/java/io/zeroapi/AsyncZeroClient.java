package io.zeroapi;

import io.zeroapi.internal.ClientCore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link ZeroClient}: every call returns a {@link CompletableFuture} at
 * once. It shares the client's connections, so one client serves blocking and async calls alike.
 *
 * <pre>{@code
 * try (ZeroClient client = ZeroClient.connect("localhost", 5559)) {
 *   client.async().call("echo", "hi", String.class).thenAccept(System.out::println);
 * }
 * }</pre>
 *
 * <p>Futures complete with the result or fail with the same {@link ZeroException} types the
 * blocking calls throw; every future completes, at the latest when the call's timeout (default 5
 * s) runs out. Dependent stages run on the client's I/O thread unless given an executor: keep them
 * short or use the {@code *Async} variants.
 *
 * <p>Thread safety: thread-safe and meant to be shared. {@link #close()} closes the client it is a
 * view of (calls in flight fail with a {@link ConnectionException}).
 */
public final class AsyncZeroClient implements AutoCloseable {
  private final ClientCore core;
  private final ZeroClient blocking;

  AsyncZeroClient(ClientCore core, ZeroClient blocking) {
    this.core = core;
    this.blocking = blocking;
  }

  /** An async view of a new client of {@code host:port} with default settings ({@code ZeroClient.connect(host, port).async()}). */
  public static AsyncZeroClient connect(String host, int port) {
    return ZeroClient.connect(host, port).async();
  }

  /** The blocking view of the same client. */
  public ZeroClient blocking() {
    return blocking;
  }

  /** Calls a function without argument. */
  public <R> CompletableFuture<R> call(String function, Class<R> returnType) {
    return core.callAsync(function, null, returnType, null);
  }

  /** Calls {@code function} with {@code argument}; the result is decoded into {@code returnType}. */
  public <R> CompletableFuture<R> call(String function, Object argument, Class<R> returnType) {
    return core.callAsync(function, argument, returnType, null);
  }

  /** As {@link #call(String, Object, Class)}, for a generic result type. */
  public <R> CompletableFuture<R> call(String function, Object argument, TypeRef<R> returnType) {
    return core.callAsync(function, argument, returnType.type(), null);
  }

  /** As {@link #call(String, Object, Class)}, with this call's own timeout. */
  public <R> CompletableFuture<R> call(String function, Object argument, Class<R> returnType, Duration timeout) {
    return core.callAsync(function, argument, returnType, Objects.requireNonNull(timeout, "timeout"));
  }

  /** As {@link #call(String, Object, TypeRef)}, with this call's own timeout. */
  public <R> CompletableFuture<R> call(String function, Object argument, TypeRef<R> returnType, Duration timeout) {
    return core.callAsync(function, argument, returnType.type(), Objects.requireNonNull(timeout, "timeout"));
  }

  /** Closes the client this is a view of; calls in flight fail with {@link ConnectionException}. Idempotent. */
  @Override
  public void close() {
    core.close();
  }
}
