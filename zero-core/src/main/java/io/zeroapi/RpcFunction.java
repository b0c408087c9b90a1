package io.zeroapi;

/**
 * A function of one argument, registered by name on a {@link ZeroServer}. It runs on the server's
 * worker executor (a virtual thread by default), so it may block.
 *
 * @param <A> the argument type, decoded from the request
 * @param <R> the return type, encoded into the reply ({@code null} travels as nil)
 */
@FunctionalInterface
public interface RpcFunction<A, R> {
  R apply(A argument) throws Exception;
}
