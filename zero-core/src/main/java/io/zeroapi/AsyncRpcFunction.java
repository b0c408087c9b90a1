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
  /** Starts the function on {@code argument}; the reply goes out when the stage completes. */
  CompletionStage<R> apply(A argument) throws Exception;
}
