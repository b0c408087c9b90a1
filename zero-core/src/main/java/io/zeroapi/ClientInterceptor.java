package io.zeroapi;

import java.util.concurrent.CompletionStage;

/**
 * Runs around every call of a client (blocking, async and proxies alike): sees the function's
 * name, its argument, metadata and timeout ({@link ClientCall}), may add metadata, and sees the
 * outcome. Added with {@link ZeroClient.Builder#intercept(ClientInterceptor)}; the first one added
 * is the outermost: it sees the call first and the outcome last.
 *
 * <p>An interceptor calls {@code next.proceed(call)} (with the call, or the call with more
 * metadata) and returns that stage, or one derived from it. The stage completes with the decoded
 * result, or fails with the {@link ZeroException} the caller gets. Throwing (or returning a failed
 * stage) without calling {@code proceed} fails the call without sending it; an exception that is
 * not a {@link ZeroException} reaches the caller wrapped in one. {@code proceed} returns at once:
 * do not block on its stage (it may complete on an I/O thread; so may callbacks attached to it).
 *
 * <p>Thread safety: one instance serves every call at once, from many threads.
 */
@FunctionalInterface
public interface ClientInterceptor {
  /**
   * Handles one call.
   *
   * @param call the call, as the caller made it or as earlier interceptors changed it
   * @param next the rest of the chain
   * @return the call's outcome: usually {@code next.proceed(call)}, or a stage derived from it
   */
  CompletionStage<?> intercept(ClientCall call, Next next);

  /** The rest of a client's chain: the interceptors after this one, then the transport. */
  @FunctionalInterface
  interface Next {
    /**
     * Sends the call through the rest of the chain. Never throws: failures come as a failed stage.
     *
     * @param call the call to send
     * @return the outcome: the decoded result, or the {@link ZeroException} it failed with
     */
    CompletionStage<?> proceed(ClientCall call);
  }
}
