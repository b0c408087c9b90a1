package io.zeroapi.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The calling side of a transport: sends requests and matches replies to them. Thread-safe; owns
 * its I/O threads and connections, which it opens lazily on the first call.
 */
public interface ClientTransport extends AutoCloseable {

  /**
   * Encodes and sends one call. The future completes with the raw reply, or fails with a {@link
   * io.zeroapi.ZeroException}: {@link io.zeroapi.CallTimeoutException} when no reply came within
   * {@code timeoutMillis}, {@link io.zeroapi.ConnectionException} when the server cannot be
   * reached, the connection is lost or the client is closed, {@link io.zeroapi.ValidationException}
   * when the argument cannot be encoded. A late reply is dropped, never given to another call.
   */
  CompletableFuture<Reply> call(String function, Object argument, long timeoutMillis);

  /** Fails every call in flight with a {@link io.zeroapi.ConnectionException} and closes. Idempotent. */
  @Override
  void close();
}
