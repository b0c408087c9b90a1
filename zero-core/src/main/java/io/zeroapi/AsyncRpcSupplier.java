package io.zeroapi;

import java.util.concurrent.CompletionStage;

/**
 * An asynchronous function without an argument.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncRpcSupplier<R> {
  /** Starts the function; the reply is sent when the returned stage completes. */
  CompletionStage<R> get() throws Exception;
}
