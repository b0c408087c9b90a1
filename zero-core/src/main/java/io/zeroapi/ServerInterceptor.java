package io.zeroapi;

import java.util.concurrent.CompletionStage;

/**
 * Runs around every call of a server: sees the function's name, the caller's metadata and deadline
 * ({@link ServerCall}), and the outcome; may refuse the call before its argument is decoded. Added
 * with {@link ZeroServer.Builder#intercept(ServerInterceptor)}; the first one added is the
 * outermost: it sees the call first and the outcome last.
 *
 * <p>An interceptor calls {@code next.proceed()} to go on (to the next interceptor, then to the
 * function) and returns that stage, or one derived from it. The stage completes with the function's
 * result or fails with what it threw, for blocking and async functions alike: a blocking function
 * runs inside {@code proceed()}, on the calling thread, and its stage is already complete. To
 * refuse a call, throw (or return a failed stage) without calling {@code proceed()}: an {@link
 * UnauthenticatedException} reaches a Java client as itself, a {@link ValidationException} as a
 * validation error, anything else as a {@link RemoteException} with the original's {@code
 * Type('message')} text.
 *
 * <p>The reserved names the server answers itself ({@code connect}, {@code zero.health}, {@code
 * zero.contract}, {@code get_rpc_contract}) do not pass through interceptors; unknown functions do
 * (so an authentication interceptor refuses a caller before it learns which names exist), and
 * {@code proceed()} then fails with {@link FunctionNotFoundException}.
 *
 * <p>Thread safety: one instance serves every call at once, from many threads.
 */
@FunctionalInterface
public interface ServerInterceptor {
  /**
   * Handles one call.
   *
   * @param call the call
   * @param next the rest of the chain
   * @return the call's outcome: usually {@code next.proceed()}, or a stage derived from it
   * @throws Exception to refuse the call (the client gets the error described above)
   */
  CompletionStage<?> intercept(ServerCall call, Next next) throws Exception;

  /** The rest of a server's chain: the interceptors after this one, then the function. */
  @FunctionalInterface
  interface Next {
    /**
     * Runs the rest of the chain once: decodes the argument and runs the function, after the
     * interceptors that follow. Never throws: failures come as a failed stage.
     *
     * @return the outcome: the function's result, or what failed
     */
    CompletionStage<?> proceed();
  }
}
