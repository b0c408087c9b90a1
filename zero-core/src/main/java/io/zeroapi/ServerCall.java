package io.zeroapi;

import io.zeroapi.internal.CurrentCall;
import java.time.Duration;
import java.util.Optional;

/**
 * A call as the server sees it before and while its function runs: the function's name, the
 * caller's metadata and how long the caller still waits. {@link ServerInterceptor}s receive it; a
 * function reads its own with {@link #current()}.
 *
 * <p>Thread safety: instances are safe to read from any thread; {@link #current()} is per thread.
 */
public interface ServerCall {
  /**
   * The function's name, as the caller sent it.
   *
   * @return the name
   */
  String function();

  /**
   * The caller's metadata.
   *
   * @return the metadata; empty for a caller that sent none (every Python client)
   */
  Metadata metadata();

  /**
   * How long the caller still waits for the reply, measured from when the server read the call:
   * empty when the caller sent no deadline (a Python client, or a Java client with {@code
   * deadlinePropagation(false)}); zero or negative once it has passed.
   *
   * @return the time left, or empty
   */
  Optional<Duration> timeRemaining();

  /**
   * The call the current thread runs: inside a function (blocking, or the synchronous part of an
   * async one, before it returns its stage) and inside a {@link ServerInterceptor}.
   *
   * @return the call
   * @throws IllegalStateException on a thread that is not running a call
   */
  static ServerCall current() {
    ServerCall call = CurrentCall.get();
    if (call == null) {
      throw new IllegalStateException("ServerCall.current() is only available while a Zero function runs on this thread");
    }
    return call;
  }
}
