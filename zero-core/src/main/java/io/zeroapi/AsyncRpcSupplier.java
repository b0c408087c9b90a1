package io.zeroapi;

import java.util.concurrent.CompletionStage;

/**
 * An asynchronous function without an argument.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface AsyncRpcSupplier<R> {
  CompletionStage<R> get() throws Exception;
}
