package io.zeroapi;

import java.util.concurrent.CompletionStage;

/**
 * An asynchronous function without an argument.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncRpcSupplier<R> {
  /**
   * Starts the function; the reply is sent when the returned stage completes.
   *
   * @return a stage that completes with the reply's value ({@code null} travels as nil), or
   *     exceptionally with a failure the caller gets as a {@link RemoteException}; never
   *     {@code null}
   * @throws Exception if the function fails before returning a stage; the caller gets it as a
   *     {@link RemoteException}
   */
  CompletionStage<R> get() throws Exception;
}
