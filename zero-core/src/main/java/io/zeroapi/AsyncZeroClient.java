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

  /**
   * An async view of a new client of {@code host:port} with default settings ({@code
   * ZeroClient.connect(host, port).async()}). No connection is made until the first call.
   *
   * @param host the server's host name or IP address
   * @param port the server's port, 1..65535
   * @return the view; closing it closes the client
   * @throws IllegalArgumentException if {@code port} is outside 1..65535
   */
  public static AsyncZeroClient connect(String host, int port) {
    return ZeroClient.connect(host, port).async();
  }

  /**
   * The blocking view of the same client.
   *
   * @return the client this is a view of; closing either closes both
   */
  public ZeroClient blocking() {
    return blocking;
  }

  /**
   * Calls a function without argument (nil is sent).
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param returnType the type the result is decoded into; {@code Object.class} for an untyped
   *     result, {@code Void.class} to ignore it
   * @return a future that completes with the decoded result, or fails with a {@link ZeroException}
   */
  public <R> CompletableFuture<R> call(String function, Class<R> returnType) {
    return core.callAsync(function, null, returnType, null);
  }

  /**
   * Calls {@code function} with {@code argument}; the result is decoded into {@code returnType}.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the type the result is decoded into; {@code Object.class} for an untyped
   *     result, {@code Void.class} to ignore it
   * @return a future that completes with the decoded result, or fails with a {@link ZeroException}
   */
  public <R> CompletableFuture<R> call(String function, Object argument, Class<R> returnType) {
    return core.callAsync(function, argument, returnType, null);
  }

  /**
   * As {@link #call(String, Object, Class)}, for a generic result type.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the generic type the result is decoded into, e.g. {@code new
   *     TypeRef<List<Order>>() {}}
   * @return a future that completes with the decoded result, or fails with a {@link ZeroException}
   */
  public <R> CompletableFuture<R> call(String function, Object argument, TypeRef<R> returnType) {
    return core.callAsync(function, argument, returnType.type(), null);
  }

  /**
   * As {@link #call(String, Object, Class)}, with this call's own timeout.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the type the result is decoded into; {@code Object.class} for an untyped
   *     result, {@code Void.class} to ignore it
   * @param timeout how long to wait for the reply, instead of the client's default timeout
   * @return a future that completes with the decoded result, or fails with a {@link ZeroException}
   */
  public <R> CompletableFuture<R> call(String function, Object argument, Class<R> returnType, Duration timeout) {
    return core.callAsync(function, argument, returnType, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * As {@link #call(String, Object, TypeRef)}, with this call's own timeout.
   *
   * @param <R> the result type
   * @param function the name the function is registered under on the server
   * @param argument the argument, encoded with the client's codec; {@code null} is sent as nil
   * @param returnType the generic type the result is decoded into, e.g. {@code new
   *     TypeRef<List<Order>>() {}}
   * @param timeout how long to wait for the reply, instead of the client's default timeout
   * @return a future that completes with the decoded result, or fails with a {@link ZeroException}
   */
  public <R> CompletableFuture<R> call(String function, Object argument, TypeRef<R> returnType, Duration timeout) {
    return core.callAsync(function, argument, returnType.type(), Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * A typed client of the same server: {@code blocking().proxy(api)}. Its methods that return
   * {@code CompletableFuture<T>} or {@code CompletionStage<T>} are asynchronous; those that return
   * {@code T} block, as {@link ZeroClient#proxy(Class)} says.
   *
   * @param <T> the interface
   * @param api the interface whose abstract methods are the server's functions
   * @return a new proxy of {@code api} that calls through this client
   * @throws IllegalArgumentException if {@code api} or one of its methods breaks a rule of {@link
   *     ZeroClient#proxy(Class)}; the message names the method and the rule
   */
  public <T> T proxy(Class<T> api) {
    return blocking.proxy(api);
  }

  /**
   * The asynchronous view of {@link ZeroClient#withMetadata(Metadata)}: calls that carry {@code
   * metadata} besides this client's own.
   *
   * @param metadata entries to add
   * @return the view
   */
  public AsyncZeroClient withMetadata(Metadata metadata) {
    return blocking.withMetadata(metadata).async();
  }

  /** Closes the client this is a view of; calls in flight fail with {@link ConnectionException}. Idempotent. */
  @Override
  public void close() {
    core.close();
  }
}
