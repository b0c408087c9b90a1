package io.zeroapi;

import java.util.concurrent.CompletionStage;

/**
 * An asynchronous function of one argument: the reply is sent when the returned stage completes,
 * and the worker thread is free meanwhile.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncRpcFunction<A, R> {
  /**
   * Starts the function on {@code argument}; the reply goes out when the stage completes.
   *
   * @param argument the argument decoded from the request, of the registered argument type
   * @return a stage that completes with the reply's value ({@code null} travels as nil), or
   *     exceptionally with a failure the caller gets as a {@link RemoteException}; never
   *     {@code null}
   * @throws Exception if the function fails before returning a stage; the caller gets it as a
   *     {@link RemoteException}
   */
  CompletionStage<R> apply(A argument) throws Exception;
}
